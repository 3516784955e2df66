using CareOps.Data;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Caregivers;

/// <summary>Removes an absence recorded by mistake (the page asks first); the caregiver is rostered on those days again.</summary>
public sealed class RemoveAbsence(IDbContextFactory<CareOpsDb> dbFactory, Caller caller)
{
    public async Task<Problems> ExecuteAsync(Guid caregiverId, int absenceId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var errors = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!errors.IsEmpty)
        {
            return errors;
        }

        var caregiver = await db.Caregivers.SingleOrDefaultAsync(c => c.Id == caregiverId, ct);
        if (caregiver is null)
        {
            return Problems.Of("Error.CaregiverGone");
        }

        var absence = caregiver.Absences.SingleOrDefault(a => a.Id == absenceId);
        if (absence is null)
        {
            return Problems.Of("Error.AbsenceGone");
        }

        caregiver.Absences.Remove(absence);
        await db.SaveChangesAsync(ct);
        return errors;
    }
}
