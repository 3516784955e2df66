using CareOps.Data.Domain;
using CareOps.Web.Features.Geography;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

[Collection(EditingCollection.Name)]
public sealed class FerryEditingTests(CareOpsApp app)
{
    private FerryEditing Editing() => new(app.FactoryFor(Guid.Empty), app.Clock, app.Operator());

    private async Task<FerrySchedule> ScheduleAsync(string line)
    {
        await using var db = app.Database(null);
        return await db.FerrySchedules.Include(s => s.Departures)
            .Where(s => db.FerryLines.Any(l => l.Id == s.FerryLineId && l.Code == line))
            .OrderBy(s => s.Id).FirstAsync();
    }

    [Theory]
    [InlineData("06:30, 24:00", "Error.TimeFormat")]
    [InlineData("06:30, 7:5", "Error.TimeFormat")]
    [InlineData("06:30, 12:60", "Error.TimeFormat")]
    [InlineData("06:30, 07:30, 06:30", "Error.DuplicateTime")]
    [InlineData("", "Error.NoDepartures")]
    public async Task SaveSchedule_BadDepartures_NameTheProblemAndSaveNothing(string departures, string expectedKey)
    {
        var before = await ScheduleAsync("F9");

        var errors = await Editing().SaveScheduleAsync(before.Id, new FerryScheduleForm { CrossingMinutes = 70, Departures = departures, OperatingDays = WeekDays.Every });

        Assert.Contains(errors, e => e.Field == nameof(FerryScheduleForm.Departures) && e.Key == expectedKey);
        var after = await ScheduleAsync("F9");
        Assert.Equal(before.Departures.Select(d => d.Departs).Order(), after.Departures.Select(d => d.Departs).Order());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-20)]
    public async Task SaveSchedule_NonPositiveCrossing_IsRefused(int minutes)
    {
        var before = await ScheduleAsync("F9");

        var errors = await Editing().SaveScheduleAsync(before.Id, new FerryScheduleForm { CrossingMinutes = minutes, Departures = "07:30", OperatingDays = WeekDays.Every });

        Assert.Contains(errors, e => e.Field == nameof(FerryScheduleForm.CrossingMinutes) && e.Key == "Error.DurationPositive");
        Assert.Equal(before.CrossingMinutes, (await ScheduleAsync("F9")).CrossingMinutes);
    }

    [Fact]
    public async Task SaveSchedule_ValidTimetable_ReplacesDeparturesSorted()
    {
        var schedule = await ScheduleAsync("F10");

        var errors = await Editing().SaveScheduleAsync(schedule.Id, new FerryScheduleForm { CrossingMinutes = 55, Departures = "14:00，08:00 ; 9:15", OperatingDays = WeekDays.MondayToFriday });

        Assert.Empty(errors);
        var after = await ScheduleAsync("F10");
        Assert.Equal([new TimeOnly(8, 0), new TimeOnly(9, 15), new TimeOnly(14, 0)], after.Departures.Select(d => d.Departs).Order());
        Assert.Equal(55, after.CrossingMinutes);
        Assert.Equal(WeekDays.MondayToFriday, after.OperatingDays);
    }

    [Fact]
    public async Task Suspension_AddTwiceThenRemoveAndUndo_KeepsOneRecord()
    {
        await using var db = app.Database(null);
        var line = await db.FerryLines.SingleAsync(l => l.Code == "F2");
        var date = CareOpsApp.Today.AddDays(3);
        var editing = Editing();

        Assert.Empty(await editing.AddSuspensionAsync(line.Id, date, "台风"));
        Assert.Contains(await editing.AddSuspensionAsync(line.Id, date, "台风"), e => e.Key == "Error.SuspensionExists");
        var id = await db.FerrySuspensions.Where(s => s.FerryLineId == line.Id && s.Date == date).Select(s => s.Id).SingleAsync();
        var removed = await editing.RemoveSuspensionAsync(id);
        Assert.Empty(await editing.RestoreSuspensionAsync(removed.Value!));

        Assert.Equal(1, await db.FerrySuspensions.CountAsync(s => s.FerryLineId == line.Id && s.Date == date));
    }

    [Fact]
    public async Task PlaceEditing_CoordinatesOutsideChina_AreRefused()
    {
        await using var db = app.Database(null);
        var place = await db.Places.AsNoTracking().SingleAsync(p => p.Code == "gouqi");

        var errors = await new PlaceEditing(app.FactoryFor(Guid.Empty), app.Operator()).SaveAsync(place.Id, place.Name, 30.7, 10.0);

        Assert.Contains(errors, e => e.Field == "Longitude" && e.Key == "Error.LongitudeRange");
        Assert.Equal(place.Longitude, (await db.Places.AsNoTracking().SingleAsync(p => p.Id == place.Id)).Longitude);
    }

    [Fact]
    public async Task RenameRegion_BlankName_IsRefused_AndValidNameSaved()
    {
        await using var db = app.Database(null);
        var region = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == "R8");
        var editing = new PlaceEditing(app.FactoryFor(Guid.Empty), app.Operator());

        Assert.Contains(await editing.RenameRegionAsync(region.Id, "  "), e => e.Key == "Error.Required");
        Assert.Equal(region.Name, (await db.Regions.AsNoTracking().SingleAsync(r => r.Id == region.Id)).Name);
        Assert.Empty(await editing.RenameRegionAsync(region.Id, "嵊泗列岛"));
        Assert.Equal("嵊泗列岛", (await db.Regions.AsNoTracking().SingleAsync(r => r.Id == region.Id)).Name);
    }
}
