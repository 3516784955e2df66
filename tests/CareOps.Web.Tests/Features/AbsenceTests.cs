using System.Globalization;
using CareOps.Data.Domain;
using CareOps.Web.Features.Caregivers;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

[Collection(EditingCollection.Name)]
public sealed class AbsenceTests(CareOpsApp app)
{
    /// <summary>The <paramref name="index"/>th caregiver of R7 by code from the back (the roster check takes from the front).</summary>
    private async Task<(RecordAbsence Record, RemoveAbsence Remove, Guid Agency, Guid Caregiver)> ArrangeAsync(int index)
    {
        var agency = await app.AgencyIdAsync(CarePlanClients.Agency);
        await using var db = app.Database(agency);
        var caregiver = await db.Caregivers.OrderByDescending(c => c.Code).Skip(index).Select(c => c.Id).FirstAsync();
        return (new RecordAbsence(app.FactoryFor(agency), app.Dispatcher(agency)), new RemoveAbsence(app.FactoryFor(agency), app.Dispatcher(agency)), agency, caregiver);
    }

    private async Task<List<CaregiverAbsence>> AbsencesAsync(Guid agency, Guid caregiver)
    {
        await using var db = app.Database(agency);
        return [.. (await db.Caregivers.AsNoTracking().SingleAsync(c => c.Id == caregiver)).Absences.OrderBy(a => a.From)];
    }

    private static AbsenceForm Form(AbsenceKind kind, string from, string? to, string note = "") => new()
    {
        Kind = kind,
        From = DateTime.Parse(from, CultureInfo.InvariantCulture),
        To = to is null ? null : DateTime.Parse(to, CultureInfo.InvariantCulture),
        Note = note,
    };

    [Fact]
    public async Task Record_ThenOverlapping_ThenRemove_KeepsOneReasonPerDay()
    {
        var (record, remove, agency, caregiver) = await ArrangeAsync(0);

        Assert.Empty(await record.ExecuteAsync(caregiver, Form(AbsenceKind.Sick, "2026-12-02", "2026-12-04", "  发烧  ")));
        var overlapping = await record.ExecuteAsync(caregiver, Form(AbsenceKind.Training, "2026-12-04", "2026-12-05"));
        Assert.Empty(await record.ExecuteAsync(caregiver, Form(AbsenceKind.Holiday, "2026-12-05", "2026-12-05")));

        var problem = Assert.Single(overlapping);
        Assert.Equal(("From", "Error.AbsenceOverlaps"), (problem.Field, problem.Key));
        Assert.Equal(["2026-12-02", "2026-12-04"], problem.Args.Take(2).Cast<string>());
        var absences = await AbsencesAsync(agency, caregiver);
        Assert.Equal(
            [(AbsenceKind.Sick, new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 4), "发烧"), (AbsenceKind.Holiday, new DateOnly(2026, 12, 5), new DateOnly(2026, 12, 5), null)],
            absences.Select(a => (a.Kind, a.From, a.To, a.Note)));

        Assert.Empty(await remove.ExecuteAsync(caregiver, absences[0].Id));

        Assert.Equal([AbsenceKind.Holiday], (await AbsencesAsync(agency, caregiver)).Select(a => a.Kind));
        Assert.Equal("Error.AbsenceGone", Assert.Single(await remove.ExecuteAsync(caregiver, absences[0].Id)).Key);
    }

    [Fact]
    public async Task Record_ExactlyAYearAndADay_IsAccepted()
    {
        var (record, _, agency, caregiver) = await ArrangeAsync(1);

        Assert.Empty(await record.ExecuteAsync(caregiver, Form(AbsenceKind.Other, "2027-01-01", "2028-01-01")));

        Assert.Equal(366, Assert.Single(await AbsencesAsync(agency, caregiver)) is var a ? a.To.DayNumber - a.From.DayNumber + 1 : 0);
    }

    [Theory]
    [InlineData("2026-12-10", "2026-12-09", "", "To", "Error.EndBeforeStart")]
    [InlineData("2026-12-10", null, "", "To", "Error.Required")]
    [InlineData("2027-01-01", "2028-01-02", "", "To", "Error.AbsenceTooLong")]
    [InlineData("2026-12-10", "2026-12-11", "TooLong", "Note", "Error.TooLong")]
    public async Task Record_BadDatesOrNote_IsRefusedOnItsFieldAndNothingIsSaved(string from, string? to, string note, string field, string key)
    {
        var (record, _, agency, caregiver) = await ArrangeAsync(2);
        var before = (await AbsencesAsync(agency, caregiver)).Count;
        var form = Form(AbsenceKind.Training, from, to, note == "TooLong" ? new string('训', 201) : note);

        var problems = await record.ExecuteAsync(caregiver, form);

        Assert.Contains(problems, p => p.Field == field && p.Key == key);
        Assert.Equal(before, (await AbsencesAsync(agency, caregiver)).Count);
    }

    [Fact]
    public async Task Record_MissingStart_IsRequired()
    {
        var (record, _, _, caregiver) = await ArrangeAsync(2);

        var problems = await record.ExecuteAsync(caregiver, new AbsenceForm { To = new DateTime(2026, 12, 1) });

        Assert.Contains(problems, p => p.Field == "From" && p.Key == "Error.Required");
    }

    [Fact]
    public async Task Record_AnotherAgencysCaregiver_IsRefusedAsGone()
    {
        var (record, remove, _, _) = await ArrangeAsync(3);
        var foreign = await CarePlanClients.SomeCaregiverOfAsync(app, "R6");

        Assert.Equal("Error.CaregiverGone", Assert.Single(await record.ExecuteAsync(foreign, Form(AbsenceKind.Sick, "2026-12-01", "2026-12-01"))).Key);
        Assert.Equal("Error.CaregiverGone", Assert.Single(await remove.ExecuteAsync(foreign, 1)).Key);
    }
}
