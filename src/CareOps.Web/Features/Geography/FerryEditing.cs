using System.Globalization;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Features.Geography;

/// <summary>The editable part of one direction of a ferry line.</summary>
public sealed class FerryScheduleForm
{
    public int CrossingMinutes { get; set; }

    /// <summary>Departure times as typed: "06:30, 07:30 …" (commas, spaces or new lines).</summary>
    public string Departures { get; set; } = "";

    public WeekDays OperatingDays { get; set; } = WeekDays.Every;

    public static FerryScheduleForm From(FerrySchedule s) => new()
    {
        CrossingMinutes = s.CrossingMinutes,
        Departures = string.Join(", ", s.Departures.OrderBy(d => d.Departs).Select(d => d.Departs.ToString("HH:mm", CultureInfo.InvariantCulture))),
        OperatingDays = s.OperatingDays,
    };

    /// <summary>Parses and checks the form; returns the sorted departures when valid.</summary>
    public (List<TimeOnly> Departures, Problems Errors) Validate()
    {
        var errors = new Problems();
        if (CrossingMinutes <= 0)
        {
            errors.Add(nameof(CrossingMinutes), "Error.DurationPositive");
        }
        else if (CrossingMinutes > 24 * 60)
        {
            errors.Add(nameof(CrossingMinutes), "Error.DurationTooLong");
        }

        if (OperatingDays == WeekDays.None)
        {
            errors.Add(nameof(OperatingDays), "Error.NoDays");
        }

        var times = new List<TimeOnly>();
        var parts = Departures.Split([',', '，', ' ', '\n', '\r', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var part in parts)
        {
            if (!TryParseTime(part, out var time))
            {
                errors.Add(nameof(Departures), "Error.TimeFormat", part);
                continue;
            }

            if (times.Contains(time))
            {
                errors.Add(nameof(Departures), "Error.DuplicateTime", part);
                continue;
            }

            times.Add(time);
        }

        if (parts.Length == 0)
        {
            errors.Add(nameof(Departures), "Error.NoDepartures");
        }

        times.Sort();
        return (times, errors);
    }

    /// <summary>Accepts H:mm or HH:mm from 00:00 to 23:59, nothing else (24:00 is tomorrow's 00:00).</summary>
    public static bool TryParseTime(string text, out TimeOnly time)
    {
        time = default;
        var pieces = text.Replace('：', ':').Split(':');
        if (pieces.Length != 2 || pieces[0].Length is < 1 or > 2 || pieces[1].Length != 2)
        {
            return false;
        }

        if (!int.TryParse(pieces[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            || !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minute)
            || hour > 23 || minute > 59)
        {
            return false;
        }

        time = new TimeOnly(hour, minute);
        return true;
    }
}

/// <summary>Ferry timetable changes by the platform operator: all-or-nothing, each checked before anything is written.</summary>
public sealed class FerryEditing(IDbContextFactory<CareOpsDb> dbFactory, TimeProvider clock, Caller caller)
{
    public async Task<Problems> SaveScheduleAsync(int scheduleId, FerryScheduleForm form, CancellationToken ct = default)
    {
        var refused = await caller.RequireAsync(Policies.GeographyEditor);
        if (!refused.IsEmpty)
        {
            return refused;
        }

        var (departures, errors) = form.Validate();
        if (!errors.IsEmpty)
        {
            return errors;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var schedule = await db.FerrySchedules.Include(s => s.Departures).SingleOrDefaultAsync(s => s.Id == scheduleId, ct);
        if (schedule is null)
        {
            errors.Add(nameof(FerryScheduleForm.Departures), "Error.FerryGone");
            return errors;
        }

        schedule.CrossingMinutes = form.CrossingMinutes;
        schedule.OperatingDays = form.OperatingDays;

        // Keep rows whose time is unchanged; replace the rest. One SaveChanges: one transaction.
        db.FerryDepartures.RemoveRange(schedule.Departures.Where(d => !departures.Contains(d.Departs)));
        foreach (var time in departures.Where(t => schedule.Departures.All(d => d.Departs != t)))
        {
            schedule.Departures.Add(new FerryDeparture { Departs = time });
        }

        await db.SaveChangesAsync(ct);
        return errors;
    }

    public async Task<Problems> AddSuspensionAsync(int lineId, DateOnly? date, string? reason, CancellationToken ct = default)
    {
        var errors = await caller.RequireAsync(Policies.GeographyEditor);
        if (!errors.IsEmpty)
        {
            return errors;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (date is null)
        {
            errors.Add("Date", "Error.Required");
        }
        else if (date < AgencyClock.Today(clock).AddDays(-365))
        {
            errors.Add("Date", "Error.DateTooOld");
        }

        Checks.Text(errors, reason, "Reason", Columns.Width<FerrySuspension>(db.Model, s => s.Reason));
        if (!errors.IsEmpty)
        {
            return errors;
        }

        if (await db.FerrySuspensions.AnyAsync(s => s.FerryLineId == lineId && s.Date == date, ct))
        {
            errors.Add("Date", "Error.SuspensionExists");
            return errors;
        }

        db.FerrySuspensions.Add(new FerrySuspension { FerryLineId = lineId, Date = date!.Value, Reason = reason!.Trim() });
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>Removes a suspension; the outcome holds the removed one (for undo), or nothing when it was already gone.</summary>
    public async Task<Outcome<FerrySuspension>> RemoveSuspensionAsync(int suspensionId, CancellationToken ct = default)
    {
        var refused = await caller.RequireAsync(Policies.GeographyEditor);
        if (!refused.IsEmpty)
        {
            return Outcome.Refused<FerrySuspension>(refused);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var suspension = await db.FerrySuspensions.SingleOrDefaultAsync(s => s.Id == suspensionId, ct);
        if (suspension is not null)
        {
            db.FerrySuspensions.Remove(suspension);
            await db.SaveChangesAsync(ct);
        }

        return new Outcome<FerrySuspension>(suspension, []);
    }

    /// <summary>Undo for a removal: puts the same date and reason back.</summary>
    public async Task<Problems> RestoreSuspensionAsync(FerrySuspension removed, CancellationToken ct = default)
    {
        var refused = await caller.RequireAsync(Policies.GeographyEditor);
        if (!refused.IsEmpty)
        {
            return refused;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.FerrySuspensions.AnyAsync(s => s.FerryLineId == removed.FerryLineId && s.Date == removed.Date, ct))
        {
            db.FerrySuspensions.Add(new FerrySuspension { FerryLineId = removed.FerryLineId, Date = removed.Date, Reason = removed.Reason });
            await db.SaveChangesAsync(ct);
        }

        return refused;
    }
}

/// <summary>Place edits by the platform operator: name and coordinates (shared by every agency, ADR 0003).</summary>
public sealed class PlaceEditing(IDbContextFactory<CareOpsDb> dbFactory, Caller caller)
{
    public async Task<Problems> SaveAsync(int placeId, string name, double? latitude, double? longitude, CancellationToken ct = default)
    {
        var errors = await caller.RequireAsync(Policies.GeographyEditor);
        if (!errors.IsEmpty)
        {
            return errors;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Checks.Text(errors, name, "Name", Columns.Width<Place>(db.Model, p => p.Name));
        Checks.Coordinates(errors, latitude, longitude, "Latitude", "Longitude");
        if (!errors.IsEmpty)
        {
            return errors;
        }

        var place = await db.Places.SingleOrDefaultAsync(p => p.Id == placeId, ct);
        if (place is null)
        {
            errors.Add("Name", "Error.PlaceGone");
            return errors;
        }

        place.Name = name.Trim();
        place.Latitude = latitude!.Value;
        place.Longitude = longitude!.Value;
        await db.SaveChangesAsync(ct);
        return errors;
    }

    public async Task<Problems> RenameRegionAsync(int regionId, string name, CancellationToken ct = default)
    {
        var errors = await caller.RequireAsync(Policies.GeographyEditor);
        if (!errors.IsEmpty)
        {
            return errors;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Checks.Text(errors, name, "RegionName", Columns.Width<ServiceRegion>(db.Model, r => r.Name));
        if (!errors.IsEmpty)
        {
            return errors;
        }

        var region = await db.Regions.SingleOrDefaultAsync(r => r.Id == regionId, ct);
        if (region is null)
        {
            errors.Add("RegionName", "Error.PlaceGone");
            return errors;
        }

        region.Name = name.Trim();
        await db.SaveChangesAsync(ct);
        return errors;
    }
}
