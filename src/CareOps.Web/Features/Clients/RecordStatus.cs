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
/// Records a status change on the client's timeline without gaps or overlaps: the period that covers the
/// start is cut there, and a temporary status with an end date is followed by Active again. Billing
/// pro-rates by these periods, so they must tile the calendar.
/// </summary>
public sealed class RecordStatus(IDbContextFactory<CareOpsDb> dbFactory)
{
    public async Task<FieldErrors> ExecuteAsync(Guid clientId, StatusChangeForm form, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
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

        Checks.Text(errors, form.Note, nameof(form.Note), 200, required: false);
        if (!errors.IsEmpty)
        {
            return errors;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
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
            errors.Add(nameof(form.From), "Error.BeforeFirstPeriod", first.From.ToString("yyyy-MM-dd"));
            return errors;
        }

        // Everything from the start on is replaced: cut the covering period, drop later ones.
        foreach (var period in periods)
        {
            if (period.From >= from)
            {
                client.StatusPeriods.Remove(period);
            }
            else if (period.To is null || period.To >= from)
            {
                period.To = from.AddDays(-1);
            }
        }

        client.StatusPeriods.Add(new StatusPeriod { Status = form.Status, From = from, To = to, Note = string.IsNullOrWhiteSpace(form.Note) ? null : form.Note.Trim() });
        if (to is not null)
        {
            client.StatusPeriods.Add(new StatusPeriod { Status = ClientStatus.Active, From = to.Value.AddDays(1) });
        }

        await db.SaveChangesAsync(ct);
        return errors;
    }
}
