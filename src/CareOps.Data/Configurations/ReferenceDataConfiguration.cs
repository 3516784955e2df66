using CareOps.Data.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CareOps.Data.Configurations;

internal sealed class AgencyConfiguration : IEntityTypeConfiguration<Agency>
{
    public void Configure(EntityTypeBuilder<Agency> b)
    {
        b.Property(a => a.Code).HasMaxLength(16);
        b.HasIndex(a => a.Code).IsUnique();
        b.Property(a => a.Name).HasMaxLength(100);
        b.Property(a => a.CityPolicy).HasMaxLength(32);
        b.Property(a => a.TimeZoneId).HasMaxLength(64);
        b.Property(a => a.AutoDraftDay).HasConversion<string>().HasMaxLength(16);
        b.HasMany(a => a.Regions).WithOne().HasForeignKey(r => r.AgencyId);
    }
}

internal sealed class AgencyRegionConfiguration : IEntityTypeConfiguration<AgencyRegion>
{
    public void Configure(EntityTypeBuilder<AgencyRegion> b)
    {
        b.HasKey(r => new { r.AgencyId, r.RegionId });
        b.HasOne(r => r.Region).WithMany().HasForeignKey(r => r.RegionId);
    }
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<ServiceRegion>
{
    public void Configure(EntityTypeBuilder<ServiceRegion> b)
    {
        b.Property(r => r.Code).HasMaxLength(16);
        b.HasIndex(r => r.Code).IsUnique();
        b.Property(r => r.Name).HasMaxLength(100);
        b.HasMany(r => r.Places).WithOne(p => p.Region).HasForeignKey(p => p.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PlaceConfiguration : IEntityTypeConfiguration<Place>
{
    public void Configure(EntityTypeBuilder<Place> b)
    {
        b.Property(p => p.Code).HasMaxLength(32);
        b.HasIndex(p => p.Code).IsUnique();
        b.Property(p => p.Name).HasMaxLength(100);
    }
}

internal sealed class FerryLineConfiguration : IEntityTypeConfiguration<FerryLine>
{
    public void Configure(EntityTypeBuilder<FerryLine> b)
    {
        b.Property(f => f.Code).HasMaxLength(16);
        b.HasIndex(f => f.Code).IsUnique();
        b.Property(f => f.Name).HasMaxLength(100);
        b.HasOne(f => f.PlaceA).WithMany().HasForeignKey(f => f.PlaceAId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(f => f.PlaceB).WithMany().HasForeignKey(f => f.PlaceBId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(f => f.Schedules).WithOne().HasForeignKey(s => s.FerryLineId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(f => f.Suspensions).WithOne().HasForeignKey(s => s.FerryLineId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FerryScheduleConfiguration : IEntityTypeConfiguration<FerrySchedule>
{
    public void Configure(EntityTypeBuilder<FerrySchedule> b)
    {
        b.HasOne(s => s.FromPlace).WithMany().HasForeignKey(s => s.FromPlaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(s => s.ToPlace).WithMany().HasForeignKey(s => s.ToPlaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(s => s.Departures).WithOne().HasForeignKey(d => d.FerryScheduleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FerryDepartureConfiguration : IEntityTypeConfiguration<FerryDeparture>
{
    public void Configure(EntityTypeBuilder<FerryDeparture> b) =>
        b.HasIndex(d => new { d.FerryScheduleId, d.Departs }).IsUnique();
}

internal sealed class FerrySuspensionConfiguration : IEntityTypeConfiguration<FerrySuspension>
{
    public void Configure(EntityTypeBuilder<FerrySuspension> b)
    {
        b.Property(s => s.Reason).HasMaxLength(200);
        b.HasIndex(s => new { s.FerryLineId, s.Date }).IsUnique();
    }
}

internal sealed class CatalogueConfiguration : IEntityTypeConfiguration<CareCatalogue>
{
    public void Configure(EntityTypeBuilder<CareCatalogue> b)
    {
        b.Property(c => c.Code).HasMaxLength(32);
        b.Property(c => c.Name).HasMaxLength(100);
        b.HasIndex(c => new { c.Code, c.Version }).IsUnique();
        b.HasMany(c => c.Items).WithOne().HasForeignKey(i => i.CareCatalogueId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CatalogueItemConfiguration : IEntityTypeConfiguration<CatalogueItem>
{
    public void Configure(EntityTypeBuilder<CatalogueItem> b)
    {
        b.Property(i => i.Code).HasMaxLength(16);
        b.Property(i => i.Category).HasMaxLength(64);
        b.Property(i => i.CategoryZh).HasMaxLength(64);
        b.Property(i => i.NameZh).HasMaxLength(100);
        b.Property(i => i.NameEn).HasMaxLength(100);
        b.HasIndex(i => new { i.CareCatalogueId, i.Code }).IsUnique();
    }
}
