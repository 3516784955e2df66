using System.Text;
using CareOps.Data.Domain;
using CareOps.Data.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Data.Seeding;

/// <summary>
/// Platform reference data every installation needs, demo or not: the Identity roles and the
/// Zhoushan care-service catalogue. Safe to run on every start-up.
/// </summary>
public static class ReferenceDataSeeder
{
    /// <summary>Code of the Zhoushan catalogue (<see cref="CareCatalogue.Code"/>).</summary>
    public const string ZhoushanCatalogueCode = "zhoushan";

    /// <summary>Version of the Zhoushan catalogue shipped with CareOps.</summary>
    public const int ZhoushanCatalogueVersion = 1;

    private const string CatalogueResource = "CareOps.Data.Seed.catalogue-zhoushan.csv";

    /// <summary>Adds whatever roles and catalogue rows are missing; existing rows are left alone.</summary>
    public static async Task SeedAsync(DbContextOptions<CareOpsDb> options, CancellationToken ct)
    {
        await using var db = new CareOpsDb(options, FixedTenant.None);
        await AddMissingRolesAsync(db, ct);
        await AddZhoushanCatalogueIfMissingAsync(db, ct);
        await AddShippedPoliciesIfMissingAsync(db, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The three shipped city policies (Zhoushan, Beijing, Shanghai) for a city that has none yet.</summary>
    private static async Task AddShippedPoliciesIfMissingAsync(CareOpsDb db, CancellationToken ct)
    {
        var cities = await db.PolicyVersions.Select(p => p.City).Distinct().ToListAsync(ct);
        foreach (var version in CareOps.Billing.Policies.PolicyBook.Seed().Versions.Where(v => !cities.Contains(v.City)))
        {
            db.PolicyVersions.Add(Billing.PolicyStore.ToRecord(version));
        }
    }

    /// <summary>Parses the embedded Zhoushan catalogue (41 items); each call returns new, untracked items.</summary>
    public static IReadOnlyList<CatalogueItem> LoadZhoushanCatalogueItems()
    {
        using var stream = typeof(ReferenceDataSeeder).Assembly.GetManifestResourceStream(CatalogueResource)
            ?? throw new InvalidOperationException($"The embedded resource {CatalogueResource} is missing from CareOps.Data.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return ParseCatalogue(reader.ReadToEnd());
    }

    private static async Task AddMissingRolesAsync(CareOpsDb db, CancellationToken ct)
    {
        var existing = await db.Roles.Select(r => r.Name).ToListAsync(ct);
        foreach (var name in Roles.All.Where(n => !existing.Contains(n)))
        {
            db.Roles.Add(new IdentityRole
            {
                Name = name,
                NormalizedName = name.ToUpperInvariant(),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
            });
        }
    }

    private static async Task AddZhoushanCatalogueIfMissingAsync(CareOpsDb db, CancellationToken ct)
    {
        var exists = await db.Catalogues.AnyAsync(
            c => c.Code == ZhoushanCatalogueCode && c.Version == ZhoushanCatalogueVersion, ct);
        if (exists)
        {
            return;
        }

        db.Catalogues.Add(new CareCatalogue
        {
            Code = ZhoushanCatalogueCode,
            Version = ZhoushanCatalogueVersion,
            Name = "舟山市长期护理保险服务项目目录",
            EffectiveFrom = new DateOnly(2025, 1, 1),
            Items = [.. LoadZhoushanCatalogueItems()],
        });
    }

    internal static List<CatalogueItem> ParseCatalogue(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var header = SplitCsvLine(lines[0]);

        // Columns are looked up by name so an administrator's re-ordered export still loads.
        int Column(string name)
        {
            var index = header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            return index >= 0 ? index : throw new FormatException($"The catalogue has no '{name}' column.");
        }

        var (code, category, categoryZh, nameZh, nameEn, minutes, skill) = (
            Column("code"), Column("category"), Column("category_zh"), Column("name_zh"),
            Column("name_en"), Column("typical_minutes"), Column("skill"));

        return [.. lines.Skip(1).Select(SplitCsvLine).Select(f => new CatalogueItem
        {
            Code = f[code],
            Category = f[category],
            CategoryZh = f[categoryZh],
            NameZh = f[nameZh],
            NameEn = f[nameEn],
            TypicalMinutes = int.Parse(f[minutes], System.Globalization.CultureInfo.InvariantCulture),
            Skill = ParseSkill(f[skill]),
        })];
    }

    private static Skill ParseSkill(string value) => value.Trim().ToLowerInvariant() switch
    {
        "basic" => Skill.Basic,
        "nursing" => Skill.Nursing,
        _ => throw new FormatException($"Unknown skill '{value}' in the catalogue (expected basic or nursing)."),
    };

    /// <summary>Splits one RFC 4180 line: fields may be quoted, with "" standing for a quote inside.</summary>
    internal static List<string> SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString().Trim());
        return fields;
    }
}
