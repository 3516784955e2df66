using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web.Features.Clients;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Caregivers;

/// <summary>The reads of the caregiver pages: the list, one caregiver, and an edit form.</summary>
public sealed class CaregiverQuery(IDbContextFactory<CareOpsDb> dbFactory)
{
    /// <summary>Every caregiver of the agency by code, with <see cref="Caregiver.CertificateExpiringRule"/> evaluated for today.</summary>
    public async Task<IReadOnlyList<CaregiverRow>> ListAsync(DateOnly today, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        // Note: an agency has tens of caregivers, not thousands, so the grid pages and sorts in memory.
        return await db.Caregivers.AsNoTracking()
            .OrderBy(c => c.Code)
            .Select(RuleExpression.Into(Caregiver.CertificateExpiringExpression(today), (c, expiring) => new CaregiverRow(
                c.Id, c.Code, c.Name, c.Skill, c.HomePlace!.Name, c.CertificateValidUntil, c.WorkingDays, expiring)))
            .ToListAsync(ct);
    }

    /// <summary>One caregiver with home place, certificate history and absences (owned, so always read); null when missing or another agency's.</summary>
    public async Task<Caregiver?> DetailsAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Caregivers.AsNoTracking().Include(c => c.HomePlace).SingleOrDefaultAsync(c => c.Id == id, ct);
    }

    /// <summary>The edit form of a caregiver and the agency's places; null when missing or another agency's.</summary>
    public async Task<CaregiverEditing?> EditingAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var places = await AgencyPlaces.ForCurrentAgencyAsync(db, ct);
        var caregiver = await db.Caregivers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        return caregiver is null ? null : new CaregiverEditing(places, CaregiverForm.From(caregiver));
    }
}

/// <summary>A caregiver list row; <see cref="CertificateExpiring"/> is the entity's rule, evaluated by the query.</summary>
public sealed record CaregiverRow(Guid Id, string Code, string Name, Skill Skill, string? HomePlace, DateOnly CertificateValidUntil, WeekDays WorkingDays, bool CertificateExpiring);

/// <summary>What the caregiver edit page starts from: the form and the agency's places.</summary>
public sealed record CaregiverEditing(IReadOnlyList<Place> Places, CaregiverForm Form);
