using CareOps.Data.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareOps.Data.Configurations;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> b)
    {
        b.HasOne<Agency>().WithMany().HasForeignKey(c => c.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.Property(c => c.ResidentId).HasMaxLength(18);
        b.HasIndex(c => new { c.AgencyId, c.ResidentId }).IsUnique();
        b.Property(c => c.ResidentIdLast4).HasMaxLength(4);
        b.HasIndex(c => new { c.AgencyId, c.ResidentIdLast4 });
        b.Property(c => c.Name).HasMaxLength(50);
        b.HasIndex(c => new { c.AgencyId, c.Name });
        b.Property(c => c.Phone).HasMaxLength(20);
        b.Property(c => c.Address).HasMaxLength(200);
        b.HasOne(c => c.Place).WithMany().HasForeignKey(c => c.PlaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(c => c.Region).WithMany().HasForeignKey(c => c.RegionId).OnDelete(DeleteBehavior.Restrict);

        b.OwnsOne(c => c.Assessment, a =>
        {
            a.Property(x => x.Grade).HasColumnName("AssessmentGrade");
            a.Property(x => x.AssessedOn).HasColumnName("AssessedOn");
            a.Property(x => x.ValidUntil).HasColumnName("AssessmentValidUntil");
            a.Property(x => x.OnsetDate).HasColumnName("OnsetDate");
        });
        b.Navigation(c => c.Assessment).IsRequired();

        b.OwnsOne(c => c.FamilyCaregiver, f =>
        {
            f.ToTable("FamilyCaregivers");
            f.WithOwner().HasForeignKey("ClientId");
            f.Property(x => x.Name).HasMaxLength(50);
            f.Property(x => x.Relationship).HasMaxLength(20);
            f.Property(x => x.Phone).HasMaxLength(20);
            f.Property(x => x.ResidentId).HasMaxLength(18);
            f.Property(x => x.TrainingCourse).HasMaxLength(100);
            f.Property(x => x.TrainingCertificate).HasMaxLength(64);
        });

        b.OwnsMany(c => c.Rentals, r =>
        {
            r.ToTable("ClientDeviceRentals");
            r.WithOwner().HasForeignKey("ClientId");
            r.HasKey(x => x.Id); // single-column key: SQLite cannot generate one column of a composite key
            r.Property(x => x.Device).HasMaxLength(32);
        });

        b.OwnsMany(c => c.Coverages, cov =>
        {
            cov.ToTable("ClientCoverages");
            cov.WithOwner().HasForeignKey("ClientId");
            cov.HasKey(x => x.Id); // single-column key: SQLite cannot generate one column of a composite key
            cov.Property(x => x.Product).HasMaxLength(100);
        });

        b.OwnsMany(c => c.StatusPeriods, s =>
        {
            s.ToTable("ClientStatusPeriods");
            s.WithOwner().HasForeignKey("ClientId");
            s.HasKey(x => x.Id); // single-column key: SQLite cannot generate one column of a composite key
            s.Property(x => x.Note).HasMaxLength(200);
        });
    }
}

internal sealed class CaregiverConfiguration : IEntityTypeConfiguration<Caregiver>
{
    public void Configure(EntityTypeBuilder<Caregiver> b)
    {
        b.HasOne<Agency>().WithMany().HasForeignKey(c => c.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.Property(c => c.Code).HasMaxLength(16);
        b.HasIndex(c => new { c.AgencyId, c.Code }).IsUnique();
        b.Property(c => c.Name).HasMaxLength(50);
        b.Property(c => c.Phone).HasMaxLength(20);
        b.Property(c => c.CertificateNumber).HasMaxLength(40);
        b.HasOne(c => c.HomePlace).WithMany().HasForeignKey(c => c.HomePlaceId).OnDelete(DeleteBehavior.Restrict);
        b.OwnsMany(c => c.Certificates, p =>
        {
            p.ToTable("CaregiverCertificates");
            p.WithOwner().HasForeignKey("CaregiverId");
            p.HasKey(x => x.Id); // single-column key: SQLite cannot generate one column of a composite key
            p.Property(x => x.Number).HasMaxLength(40);
        });
        b.OwnsMany(c => c.Absences, a =>
        {
            a.ToTable("CaregiverAbsences");
            a.WithOwner().HasForeignKey("CaregiverId");
            a.HasKey(x => x.Id); // single-column key: SQLite cannot generate one column of a composite key
            a.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            a.Property(x => x.Note).HasMaxLength(200);
        });
    }
}

internal sealed class CarePlanConfiguration : IEntityTypeConfiguration<CarePlan>
{
    public void Configure(EntityTypeBuilder<CarePlan> b)
    {
        b.HasOne<Agency>().WithMany().HasForeignKey(p => p.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.Client).WithMany().HasForeignKey(p => p.ClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CareCatalogue>().WithMany().HasForeignKey(p => p.CareCatalogueId).OnDelete(DeleteBehavior.Restrict);
        b.OwnsMany(p => p.Items, i =>
        {
            i.ToTable("CarePlanItems");
            i.WithOwner().HasForeignKey("CarePlanId");
            i.HasKey(x => x.Id); // single-column key: SQLite cannot generate one column of a composite key
            i.Property(x => x.ItemCode).HasMaxLength(16);
        });
        b.OwnsMany(p => p.DayWindows, w =>
        {
            w.ToTable("CarePlanDayWindows");
            w.WithOwner().HasForeignKey("CarePlanId");
            w.HasKey(x => x.Id); // single-column key: SQLite cannot generate one column of a composite key
            w.Property(x => x.Day).HasConversion<string>().HasMaxLength(16);
        });
        b.OwnsMany(p => p.Caregivers, c =>
        {
            c.ToTable("CarePlanCaregivers");
            c.WithOwner().HasForeignKey("CarePlanId");
            c.HasKey(x => x.Id); // single-column key: SQLite cannot generate one column of a composite key
            c.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
        });
    }
}

internal sealed class VisitConfiguration : IEntityTypeConfiguration<Visit>
{
    public void Configure(EntityTypeBuilder<Visit> b)
    {
        b.HasOne<Agency>().WithMany().HasForeignKey(v => v.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(v => v.Client).WithMany().HasForeignKey(v => v.ClientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(v => v.Caregiver).WithMany().HasForeignKey(v => v.CaregiverId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(v => new { v.AgencyId, v.Date });
        b.HasIndex(v => new { v.CaregiverId, v.Date });
        b.OwnsMany(v => v.ItemsPerformed, i =>
        {
            i.ToTable("VisitItems");
            i.WithOwner().HasForeignKey("VisitId");
            i.HasKey(x => x.Id); // single-column key: SQLite cannot generate one column of a composite key
            i.Property(x => x.ItemCode).HasMaxLength(16);
        });
        b.Property(v => v.Version).IsConcurrencyToken();
        b.Property(v => v.CheckInReason).HasMaxLength(500);
        b.Property(v => v.Notes).HasMaxLength(2000);
        b.Property(v => v.Verdict).HasConversion<string>().HasMaxLength(16);
        b.Property(v => v.FlagCodes).HasMaxLength(200);
        b.Property(v => v.Review).HasConversion<string>().HasMaxLength(16);
        b.Property(v => v.ReviewReason).HasMaxLength(500);
        b.Property(v => v.ReviewedBy).HasMaxLength(256);
        b.HasIndex(v => new { v.AgencyId, v.Verdict, v.Review });
        b.HasMany(v => v.Evidence).WithOne().HasForeignKey(e => e.VisitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class VisitEvidenceConfiguration : IEntityTypeConfiguration<VisitEvidence>
{
    public void Configure(EntityTypeBuilder<VisitEvidence> b)
    {
        b.Property(e => e.Id).ValueGeneratedNever();
        b.HasOne<Agency>().WithMany().HasForeignKey(e => e.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.FileName).HasMaxLength(200);
        b.Property(e => e.ContentType).HasMaxLength(100);
        b.Property(e => e.Sha256).HasMaxLength(64);
        b.Property(e => e.StorageKey).HasMaxLength(300);
        b.Property(e => e.UploadedBy).HasMaxLength(256);
    }
}

internal sealed class VisitAuditConfiguration : IEntityTypeConfiguration<VisitAuditEntry>
{
    public void Configure(EntityTypeBuilder<VisitAuditEntry> b)
    {
        b.HasOne<Agency>().WithMany().HasForeignKey(e => e.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Visit>().WithMany().HasForeignKey(e => e.VisitId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.VisitId, e.At });
        b.Property(e => e.Actor).HasMaxLength(256);
        b.Property(e => e.Action).HasMaxLength(16);
        b.Property(e => e.Reason).HasMaxLength(500);
    }
}

internal sealed class SyncReceiptConfiguration : IEntityTypeConfiguration<SyncReceipt>
{
    public void Configure(EntityTypeBuilder<SyncReceipt> b)
    {
        // The phone's key is the primary key: a second insert of the same key fails in the database, whichever node.
        b.HasKey(r => r.Key);
        b.Property(r => r.Key).ValueGeneratedNever();
        b.HasOne<Agency>().WithMany().HasForeignKey(r => r.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => r.VisitId);
        b.Property(r => r.Kind).HasMaxLength(16);
        b.Property(r => r.Refusal).HasMaxLength(1000);
    }
}

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(100);
        b.HasIndex(u => u.AgencyId);
        b.HasOne<Agency>().WithMany().HasForeignKey(u => u.AgencyId).OnDelete(DeleteBehavior.Restrict);
    }
}
