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
        b.Property(x => x.State).HasMaxLength(24);
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
