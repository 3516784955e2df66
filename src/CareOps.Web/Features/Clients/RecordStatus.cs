using System.Globalization;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Clients;

/// <summary>A status change as a clerk reports it: "in hospital from the 3rd to the 12th", "died on the 20th".</summary>
public sealed class StatusChangeForm
{
    public ClientStatus Status { get; set; } = ClientStatus.InHospital;

    public DateTime? From { get; set; }

    /// <summary>For a hospital stay or suspension: the last day; empty while it lasts.</summary>
    public DateTime? To { get; set; }

    public string Note { get; set; } = "";
}

/// <summary>
/// Records a status change on the client's timeline without gaps or overlaps: the periods it covers are cut
/// around it, and after a temporary status with an end date the previous status resumes. A recorded end or
/// death is never erased by a change entered later. Billing pro-rates by these periods.
/// </summary>
public sealed class RecordStatus(IDbContextFactory<CareOpsDb> dbFactory, Caller caller)
{
    public async Task<Problems> ExecuteAsync(Guid clientId, StatusChangeForm form, CancellationToken ct = default)
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

        if (form.To is not null && form.From is not null && form.To < form.From)
        {
            errors.Add(nameof(form.To), "Error.EndBeforeStart");
        }

        if (form.To is not null && form.Status is ClientStatus.Ended or ClientStatus.Deceased or ClientStatus.Active)
        {
            errors.Add(nameof(form.To), "Error.NoEndForStatus");
        }

        Checks.Text(errors, form.Note, nameof(form.Note), Columns.Width<StatusPeriod>(db.Model, p => p.Note), required: false);
        if (!errors.IsEmpty)
        {
            return errors;
        }

        var client = await db.Clients.Include(c => c.StatusPeriods).SingleOrDefaultAsync(c => c.Id == clientId, ct);
        if (client is null)
        {
            errors.Add(nameof(form.Status), "Error.ClientGone");
            return errors;
        }

        var from = DateOnly.FromDateTime(form.From!.Value);
        var to = form.To is null ? (DateOnly?)null : DateOnly.FromDateTime(form.To.Value);
        var periods = client.StatusPeriods.OrderBy(p => p.From).ToList();

        if (periods.Any(p => p.Status == ClientStatus.Deceased && p.From <= from))
        {
            errors.Add(nameof(form.From), "Error.AfterDeath");
            return errors;
        }

        var first = periods.FirstOrDefault();
        if (first is not null && from <= first.From)
        {
            errors.Add(nameof(form.From), "Error.BeforeFirstPeriod", first.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            return errors;
        }

        // An end or a death recorded later than the change must survive it: the change may not run into one.
        var newEnd = to ?? DateOnly.MaxValue;
        var laterEnd = periods.FirstOrDefault(p => p.Status is ClientStatus.Ended or ClientStatus.Deceased && p.From > from && p.From <= newEnd);
        if (laterEnd is not null)
        {
            errors.Add(to is null ? nameof(form.From) : nameof(form.To), "Error.OverlapsEnd", laterEnd.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            return errors;
        }

        // Insert [from, to] into the timeline: periods it overlaps are cut around it, the rest stay as they were,
        // so after a hospital stay the client returns to whatever status she had before it.
        foreach (var period in periods)
        {
            var periodEnd = period.To ?? DateOnly.MaxValue;
            if (periodEnd < from || period.From > newEnd)
            {
                continue;
            }

            if (to is not null && periodEnd > to)
            {
                client.StatusPeriods.Add(new StatusPeriod { Status = period.Status, From = to.Value.AddDays(1), To = period.To, Note = period.Note });
            }

            if (period.From < from)
            {
                period.To = from.AddDays(-1);
            }
            else
            {
                client.StatusPeriods.Remove(period);
            }
        }

        client.StatusPeriods.Add(new StatusPeriod { Status = form.Status, From = from, To = to, Note = string.IsNullOrWhiteSpace(form.Note) ? null : form.Note.Trim() });
        await db.SaveChangesAsync(ct);
        return errors;
    }
}
