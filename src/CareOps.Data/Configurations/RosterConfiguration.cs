using CareOps.Data.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareOps.Data.Configurations;

internal sealed class RosterWeekConfiguration : IEntityTypeConfiguration<RosterWeek>
{
    public void Configure(EntityTypeBuilder<RosterWeek> b)
    {
        b.HasOne<Agency>().WithMany().HasForeignKey(w => w.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(w => new { w.AgencyId, w.WeekStart }).IsUnique();
        b.Property(w => w.DraftBasis).HasMaxLength(64);
        b.Property(w => w.DraftUpdatedBy).HasMaxLength(100);
        b.Property(w => w.Version).IsConcurrencyToken();
        b.OwnsOne(w => w.DraftKpis, Kpis.Columns<RosterWeek>("Draft"));
        b.Navigation(w => w.DraftKpis).IsRequired();
    }
}

internal sealed class RosterRunConfiguration : IEntityTypeConfiguration<RosterRun>
{
    public void Configure(EntityTypeBuilder<RosterRun> b)
    {
        b.HasOne<Agency>().WithMany().HasForeignKey(r => r.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.AgencyId, r.WeekStart, r.RequestedAt });
        b.HasIndex(r => r.State);
        b.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.RequestedBy).HasMaxLength(100);
        b.Property(r => r.Phase).HasMaxLength(40);
        b.Property(r => r.ProblemKey).HasMaxLength(80);
        b.Ignore(r => r.IsActive);
        b.OwnsOne(r => r.Kpis, Kpis.Columns<RosterRun>(""));
        b.Navigation(r => r.Kpis).IsRequired();
    }
}

internal sealed class RosterVersionConfiguration : IEntityTypeConfiguration<RosterVersion>
{
    public void Configure(EntityTypeBuilder<RosterVersion> b)
    {
        b.HasOne<Agency>().WithMany().HasForeignKey(v => v.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(v => new { v.AgencyId, v.WeekStart, v.Number }).IsUnique();
        b.Property(v => v.PublishedBy).HasMaxLength(100);
        b.Property(v => v.Basis).HasMaxLength(64);
        b.OwnsOne(v => v.Kpis, Kpis.Columns<RosterVersion>(""));
        b.Navigation(v => v.Kpis).IsRequired();
    }
}

internal sealed class RosterAuditEntryConfiguration : IEntityTypeConfiguration<RosterAuditEntry>
{
    public void Configure(EntityTypeBuilder<RosterAuditEntry> b)
    {
        b.HasOne<Agency>().WithMany().HasForeignKey(e => e.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => new { e.AgencyId, e.WeekStart, e.At });
        b.Property(e => e.Action).HasConversion<string>().HasMaxLength(32);
        b.Property(e => e.By).HasMaxLength(100);
        b.Property(e => e.Detail).HasMaxLength(2000);
        b.Property(e => e.Reason).HasMaxLength(500);
    }
}

internal static class Kpis
{
    /// <summary>The figures as plain columns of the owner's table, optionally prefixed ("DraftScheduled").</summary>
    public static Action<OwnedNavigationBuilder<TOwner, RosterKpis>> Columns<TOwner>(string prefix)
        where TOwner : class => k =>
    {
        k.Property(x => x.Required).HasColumnName(prefix + "Required");
        k.Property(x => x.Scheduled).HasColumnName(prefix + "Scheduled");
        k.Property(x => x.TravelMinutes).HasColumnName(prefix + "TravelMinutes");
        k.Property(x => x.FerryMinutes).HasColumnName(prefix + "FerryMinutes");
        k.Property(x => x.DistinctCaregiversPerClient).HasColumnName(prefix + "DistinctCaregiversPerClient");
        k.Property(x => x.OvertimeMinutes).HasColumnName(prefix + "OvertimeMinutes");
        k.Property(x => x.WorkloadSpreadMinutes).HasColumnName(prefix + "WorkloadSpreadMinutes");
        k.Ignore(x => x.Unscheduled);
    };
}

internal sealed class DispatchNoticeConfiguration : IEntityTypeConfiguration<DispatchNotice>
{
    public void Configure(EntityTypeBuilder<DispatchNotice> b)
    {
        b.HasOne<Agency>().WithMany().HasForeignKey(n => n.AgencyId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(n => new { n.AgencyId, n.Day, n.Kind, n.SubjectId }).IsUnique();
        b.Property(n => n.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(n => n.SubjectName).HasMaxLength(50);
    }
}
