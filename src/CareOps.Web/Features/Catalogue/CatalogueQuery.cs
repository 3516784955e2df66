using CareOps.Data;
using CareOps.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Catalogue;

/// <summary>The care catalogues.</summary>
public sealed class CatalogueQuery(IDbContextFactory<CareOpsDb> dbFactory)
{
    /// <summary>Every catalogue with its items, by code and newest version first.</summary>
    public async Task<IReadOnlyList<CareCatalogue>> AllAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Catalogues.AsNoTracking().Include(c => c.Items).OrderBy(c => c.Code).ThenByDescending(c => c.Version).ToListAsync(ct);
    }
}
