using System.Globalization;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Caregivers;

/// <summary>Sick leave, a holiday or training as the office hears of it: from one day to another, both included.</summary>
public sealed class AbsenceForm
{
    public AbsenceKind Kind { get; set; } = AbsenceKind.Sick;

    public DateTime? From { get; set; }

    /// <summary>The last day away (a one-day absence ends the day it starts).</summary>
    public DateTime? To { get; set; }

    public string Note { get; set; } = "";
}

/// <summary>
/// Records days a caregiver cannot be rostered. The optimizer reads them as unavailable dates; an absence that
/// overlaps one already recorded is refused (naming the other's dates), so each day has one reason.
/// </summary>
public sealed class RecordAbsence(IDbContextFactory<CareOpsDb> dbFactory, Caller caller)
{
    /// <summary>The longest absence recorded at once; longer leave is entered in parts (or the caregiver is made inactive).</summary>
    public const int MaxDays = 366;

    public async Task<Problems> ExecuteAsync(Guid caregiverId, AbsenceForm form, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var errors = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!errors.IsEmpty)
        {
            return errors;
        }

        if (form.From is null)
        {
            errors.Add(nameof(form.From), "Error.Required");
        }

        if (form.To is null)
        {
            errors.Add(nameof(form.To), "Error.Required");
        }
        else if (form.From is not null && form.To.Value.Date < form.From.Value.Date)
        {
            errors.Add(nameof(form.To), "Error.EndBeforeStart");
        }
        else if (form.From is not null && (form.To.Value.Date - form.From.Value.Date).Days + 1 > MaxDays)
        {
            errors.Add(nameof(form.To), "Error.AbsenceTooLong", MaxDays);
        }

        if (!Enum.IsDefined(form.Kind))
        {
            errors.Add(nameof(form.Kind), "Error.Required");
        }

        Checks.Text(errors, form.Note, nameof(form.Note), Columns.Width<CaregiverAbsence>(db.Model, a => a.Note), required: false);
        if (!errors.IsEmpty)
        {
            return errors;
        }

        var caregiver = await db.Caregivers.SingleOrDefaultAsync(c => c.Id == caregiverId, ct);
        if (caregiver is null)
        {
            return Problems.Of("Error.CaregiverGone");
        }

        var from = DateOnly.FromDateTime(form.From!.Value);
        var to = DateOnly.FromDateTime(form.To!.Value);
        if (caregiver.Absences.Where(a => a.From <= to && from <= a.To).MinBy(a => a.From) is { } other)
        {
            errors.Add(nameof(form.From), "Error.AbsenceOverlaps", Day(other.From), Day(other.To), new TextArg("Absence." + other.Kind));
            return errors;
        }

        caregiver.Absences.Add(new CaregiverAbsence { Kind = form.Kind, From = from, To = to, Note = string.IsNullOrWhiteSpace(form.Note) ? null : form.Note.Trim() });
        await db.SaveChangesAsync(ct);
        return errors;
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
