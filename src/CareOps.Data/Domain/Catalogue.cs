namespace CareOps.Data.Domain;

/// <summary>A versioned care-service catalogue (e.g. Zhoushan's 41 items, the 2025 national list).</summary>
public class CareCatalogue
{
    public int Id { get; set; }

    /// <summary>Which list: "zhoushan", "national-2025", …</summary>
    public required string Code { get; set; }

    public int Version { get; set; } = 1;

    public required string Name { get; set; }

    public DateOnly EffectiveFrom { get; set; }

    public DateOnly? EffectiveTo { get; set; }

    public List<CatalogueItem> Items { get; set; } = [];
}

public class CatalogueItem
{
    public int Id { get; set; }

    public int CareCatalogueId { get; set; }

    public required string Code { get; set; }

    public required string Category { get; set; }

    public required string CategoryZh { get; set; }

    public required string NameZh { get; set; }

    public required string NameEn { get; set; }

    public int TypicalMinutes { get; set; }

    public Skill Skill { get; set; }
}
