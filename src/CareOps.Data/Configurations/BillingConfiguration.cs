using CareOps.Data.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareOps.Data.Configurations;

internal sealed class ClaimBatchConfiguration : IEntityTypeConfiguration<ClaimBatchRecord>
{
    public void Configure(EntityTypeBuilder<ClaimBatchRecord> b)
    {
        b.ToTable("ClaimBatches");
        b.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.AgencyId, x.Month, x.Version }).IsUnique();
        // The state guards its own transitions: two clerks racing (re-draft vs submit) cannot both win.
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(24).IsConcurrencyToken();
        b.Property(x => x.ControlSum).HasMaxLength(64);
        b.OwnsMany(x => x.Lines, l =>
        {
            l.ToTable("ClaimBatchLines");
            l.WithOwner().HasForeignKey("ClaimBatchId");
            l.HasKey(x => x.Id); // single-column key: SQLite cannot generate one column of a composite key
            l.Property(x => x.ClientId).HasMaxLength(64);
            l.Property(x => x.ClientName).HasMaxLength(50);
            l.Property(x => x.Kind).HasMaxLength(16);
            l.Property(x => x.Payer).HasMaxLength(16);
            l.Property(x => x.Payee).HasMaxLength(24);
            l.Property(x => x.Reason).HasMaxLength(64);
            l.Property(x => x.ExplanationZh).HasMaxLength(1000);
            l.Property(x => x.ExplanationEn).HasMaxLength(1000);
            l.Property(x => x.Outcome).HasMaxLength(16);
            l.Property(x => x.RejectionReason).HasMaxLength(200);
        });
    }
}

internal sealed class PolicyVersionConfiguration : IEntityTypeConfiguration<PolicyVersionRecord>
{
    public void Configure(EntityTypeBuilder<PolicyVersionRecord> b)
    {
        b.ToTable("PolicyVersions");
        b.Property(x => x.City).HasMaxLength(32);
        b.HasIndex(x => new { x.City, x.Version }).IsUnique();
    }
}

internal sealed class CardInvoiceConfiguration : IEntityTypeConfiguration<CardInvoiceRecord>
{
    public void Configure(EntityTypeBuilder<CardInvoiceRecord> b)
    {
        b.ToTable("CardInvoices");
        b.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.PayerName).HasMaxLength(100);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.StripeInvoiceId).HasMaxLength(64);
        b.HasIndex(x => x.StripeInvoiceId).IsUnique();
        b.Property(x => x.HostedUrl).HasMaxLength(500);
    }
}

internal sealed class ProcessedPaymentEventConfiguration : IEntityTypeConfiguration<ProcessedPaymentEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedPaymentEvent> b)
    {
        b.ToTable("ProcessedPaymentEvents");
        b.HasKey(x => x.EventId);
        b.Property(x => x.EventId).HasMaxLength(100);
        b.Property(x => x.Type).HasMaxLength(100);
    }
}

internal sealed class TopUpInvoiceConfiguration : IEntityTypeConfiguration<TopUpInvoiceRecord>
{
    public void Configure(EntityTypeBuilder<TopUpInvoiceRecord> b)
    {
        b.ToTable("TopUpInvoices");
        b.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Payer).HasMaxLength(32);
        b.Property(x => x.PayerName).HasMaxLength(100);
        // One invoice per payer and month: two clerks billing the month at once cannot both insert (the
        // loser's transaction fails and BillTopUps says so). PayerKey is non-null, unlike ClientId.
        b.Property(x => x.PayerKey).HasMaxLength(250);
        b.HasIndex(x => new { x.AgencyId, x.Month, x.PayerKey }).IsUnique();
    }
}

internal sealed class ClaimDraftRunConfiguration : IEntityTypeConfiguration<ClaimDraftRun>
{
    public void Configure(EntityTypeBuilder<ClaimDraftRun> b)
    {
        b.ToTable("ClaimDraftRuns");
        b.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.AgencyId, x.Month, x.RequestedAt });
        // The state guards its own transitions: a second delivery of the job cannot claim a run already running.
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        b.Property(x => x.RequestedBy).HasMaxLength(256);
        b.Property(x => x.Problems).HasMaxLength(4000);
    }
}

internal sealed class BillingAuditConfiguration : IEntityTypeConfiguration<BillingAuditEntry>
{
    public void Configure(EntityTypeBuilder<BillingAuditEntry> b)
    {
        b.ToTable("BillingAudit");
        b.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.AgencyId, x.SubjectId, x.At });
        b.HasIndex(x => new { x.AgencyId, x.Month });
        b.Property(x => x.Subject).HasMaxLength(16);
        b.Property(x => x.By).HasMaxLength(256);
        b.Property(x => x.From).HasMaxLength(24);
        b.Property(x => x.To).HasMaxLength(24);
        b.Property(x => x.Why).HasMaxLength(500);
    }
}
