using CareOps.Data;
using CareOps.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Home;

/// <summary>The figures on the home page of an agency user.</summary>
public sealed class HomeQuery(IDbContextFactory<CareOpsDb> dbFactory)
{
    /// <summary>The agency, its clients, active caregivers and those whose certificate is expiring (<see cref="Caregiver.CertificateExpiringRule"/>).</summary>
    public async Task<HomeFigures?> FiguresAsync(Guid agencyId, DateOnly today, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var agency = await db.Agencies.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agencyId, ct);
        if (agency is null)
        {
            return null;
        }

        var clients = await db.Clients.CountAsync(ct);
        var active = db.Caregivers.Where(c => c.IsActive);
        var caregivers = await active.CountAsync(ct);
        var expiring = await active.Where(Caregiver.CertificateExpiringExpression(today)).CountAsync(ct);
        return new HomeFigures(agency, clients, caregivers, expiring);
    }
}

public sealed record HomeFigures(Agency Agency, int Clients, int ActiveCaregivers, int ExpiringCertificates);
