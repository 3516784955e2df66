using System.Globalization;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Clients;

/// <summary>
/// Saves a client's care plan: a new plan from a date, which ends the plan before it the day before (the past keeps
/// the plan it had, as with <see cref="Caregiver.RecordCertificate"/>), or a correction of a plan not yet ended.
/// Every field is checked first; nothing is saved when anything is refused.
/// </summary>
public sealed class SaveCarePlan(IDbContextFactory<CareOpsDb> dbFactory, TimeProvider clock, Caller caller)
{
    /// <param name="clientId">The client whose plan it is.</param>
    /// <param name="planId">Null for a new plan; otherwise the plan to correct.</param>
    /// <param name="form">The plan as entered.</param>
    /// <param name="ct">Cancels the save.</param>
    public async Task<Problems> ExecuteAsync(Guid clientId, Guid? planId, CarePlanForm form, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var errors = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!errors.IsEmpty)
        {
            return errors;
        }

        if (!await db.Clients.AnyAsync(c => c.Id == clientId, ct))
        {
            return Problems.Of("Error.ClientGone");
        }

        var today = AgencyClock.Today(clock);
        var plans = await db.CarePlans.Where(p => p.ClientId == clientId).ToListAsync(ct);
        var plan = planId is null ? null : plans.SingleOrDefault(p => p.Id == planId);
        if (planId is not null && plan is null)
        {
            return Problems.Of("Error.PlanGone");
        }

        if (plan?.EffectiveTo is { } ended && ended < today)
        {
            return Problems.Of("Error.PlanEnded", Day(ended));
        }

        var from = form.EffectiveFrom is { } f ? DateOnly.FromDateTime(f) : today;
        var catalogue = plan is null
            ? await AgencyCatalogue.InForceAsync(db, from, ct)
            : await db.Catalogues.AsNoTracking().Include(c => c.Items).SingleOrDefaultAsync(c => c.Id == plan.CareCatalogueId, ct);
        if (catalogue is null)
        {
            return Problems.Of("Error.NoCatalogue");
        }

        var named = form.PreferredCaregivers.Concat(form.ExcludedCaregivers).Distinct().ToList();
        var caregivers = await db.Caregivers.AsNoTracking().Where(c => named.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        errors = form.Validate(catalogue.Items.Select(i => i.Code).ToHashSet(StringComparer.Ordinal), caregivers);
        if (!errors.IsEmpty)
        {
            return errors;
        }

        var to = form.EffectiveTo is { } t ? DateOnly.FromDateTime(t) : (DateOnly?)null;
        if (plan is null)
        {
            // A plan starting on or after the new one is not cut or dropped: the dispatcher corrects it instead.
            if (plans.Where(p => p.EffectiveFrom >= from).MinBy(p => p.EffectiveFrom) is { } later)
            {
                errors.Add(nameof(form.EffectiveFrom), "Error.PlanStartsLater", Day(later.EffectiveFrom));
                return errors;
            }

            foreach (var previous in plans.Where(p => p.EffectiveTo is null || p.EffectiveTo >= from))
            {
                previous.EffectiveTo = from.AddDays(-1);
            }

            plan = new CarePlan { ClientId = clientId, CareCatalogueId = catalogue.Id };
            db.CarePlans.Add(plan);
        }
        else if (plans.Where(p => p.Id != plan.Id && p.EffectiveFrom <= (to ?? DateOnly.MaxValue) && from <= (p.EffectiveTo ?? DateOnly.MaxValue))
                     .MinBy(p => p.EffectiveFrom) is { } other)
        {
            errors.Add(nameof(form.EffectiveFrom), "Error.PlanOverlaps", Day(other.EffectiveFrom), other.EffectiveTo is { } end ? Day(end) : new TextArg("Common.Ongoing"));
            return errors;
        }

        Apply(form, plan, from, to);
        await db.SaveChangesAsync(ct);
        return errors;
    }

    private static void Apply(CarePlanForm form, CarePlan plan, DateOnly from, DateOnly? to)
    {
        plan.VisitsPerWeek = form.VisitsPerWeek;
        plan.MinutesPerVisit = form.MinutesPerVisit;
        plan.EffectiveFrom = from;
        plan.EffectiveTo = to;
        plan.AllowedDays = form.AllowedDays;
        plan.WindowStart = TimeOnly.FromTimeSpan(form.WindowStart!.Value);
        plan.WindowEnd = TimeOnly.FromTimeSpan(form.WindowEnd!.Value);
        plan.PreferredStart = form.PreferredStart is { } ps ? TimeOnly.FromTimeSpan(ps) : null;
        plan.PreferredEnd = form.PreferredEnd is { } pe ? TimeOnly.FromTimeSpan(pe) : null;
        plan.RequiredSkill = form.RequiredSkill;

        plan.Items.Clear();
        plan.Items.AddRange(form.ItemCodes.Order(StringComparer.Ordinal).Select(code => new PlanItem { ItemCode = code }));
        plan.DayWindows.Clear();
        plan.DayWindows.AddRange(form.DayWindows.Select(w => new PlanDayWindow { Day = w.Day, Start = TimeOnly.FromTimeSpan(w.Start!.Value), End = TimeOnly.FromTimeSpan(w.End!.Value) }));
        plan.Caregivers.Clear();
        plan.Caregivers.AddRange(form.PreferredCaregivers.Select(id => new PlanCaregiver { CaregiverId = id, Role = PlanCaregiverRole.Preferred }));
        plan.Caregivers.AddRange(form.ExcludedCaregivers.Select(id => new PlanCaregiver { CaregiverId = id, Role = PlanCaregiverRole.Excluded }));
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The care catalogue an agency's plans take their items from: its city's list.</summary>
public static class AgencyCatalogue
{
    /// <summary>The current agency's city catalogue in force on the date (the newest version if none is), with items; null when it has none.</summary>
    public static async Task<CareCatalogue?> InForceAsync(CareOpsDb db, DateOnly date, CancellationToken ct = default)
    {
        var agencyId = db.CurrentAgencyId;
        var city = await db.Agencies.AsNoTracking().Where(a => a.Id == agencyId).Select(a => a.CityPolicy).SingleOrDefaultAsync(ct);
        if (city is null)
        {
            return null;
        }

        var versions = await db.Catalogues.AsNoTracking().Include(c => c.Items).Where(c => c.Code == city).OrderByDescending(c => c.Version).ToListAsync(ct);
        return versions.FirstOrDefault(c => c.EffectiveFrom <= date && (c.EffectiveTo is null || date <= c.EffectiveTo)) ?? versions.FirstOrDefault();
    }
}
