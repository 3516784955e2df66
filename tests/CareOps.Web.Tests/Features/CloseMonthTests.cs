using System.Net;
using System.Text;
using CareOps.Billing.Batches;
using CareOps.Data.Domain;
using CareOps.Web.Features.Billing;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

[Collection(EditingCollection.Name)]
public sealed class CloseMonthTests(CareOpsApp app)
{
    private static readonly DateOnly Feb2027 = new(2027, 2, 1); // a Monday: four whole weeks

    /// <summary>Gives one home-care client of R2 three checked, located, one-hour visits in every week of February 2027.</summary>
    private async Task<(Guid Agency, Client Client)> ClientWithFullMonthAsync()
    {
        var agency = await app.AgencyIdAsync("R2");
        await using var db = app.Database(agency);
        var client = await db.Clients.Where(c => c.CareMode == CareMode.Home).OrderBy(c => c.Name).FirstAsync();
        var caregiver = await db.Caregivers.Where(c => c.CertificateValidUntil > new DateOnly(2027, 3, 1)).OrderBy(c => c.Code).FirstAsync();
        foreach (var day in new[] { 1, 3, 5, 8, 10, 12, 15, 17, 19, 22, 24, 26 })
        {
            var date = Feb2027.AddDays(day - 1);
            var checkIn = new DateTimeOffset(date.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)).ToUniversalTime();
            db.Visits.Add(new Visit
            {
                ClientId = client.Id,
                CaregiverId = caregiver.Id,
                Date = date,
                PlannedStart = new TimeOnly(9, 0),
                PlannedMinutes = 60,
                Status = VisitStatus.Completed,
                CheckInAt = checkIn,
                CheckOutAt = checkIn.AddMinutes(62),
                LocationVerified = true,
                ItemsPerformed = [new PerformedItem { ItemCode = "ZS04" }],
            });
        }

        await db.SaveChangesAsync();
        return (agency, client);
    }

    [Fact]
    public async Task Draft_ThenSubmit_ThenRecalculate_MakesACorrection()
    {
        var (agency, client) = await ClientWithFullMonthAsync();
        var close = new CloseMonth(app.FactoryFor(agency), app.Clock, app.Finance(agency));

        var draft = (await close.DraftAsync(Feb2027)).Value!;
        var batch = (await close.LoadAsync(draft.Id))!;

        // The client with the full month: 1 280.00 and no deduction; clients without visits lose every week.
        var own = batch.Lines.Where(l => l.ClientId == client.Id.ToString()).ToList();
        Assert.Equal(1280.00m, own.Where(l => l.Payer == CareOps.Billing.Claims.Payer.Fund).Sum(l => l.Amount));
        Assert.DoesNotContain(own, l => l.Kind == CareOps.Billing.Claims.LineKind.Deduction);
        Assert.Equal(300, batch.Lines.Select(l => l.ClientId).Distinct().Count());

        Assert.True((await close.ValidateAsync(draft.Id)).Succeeded);
        Assert.True((await close.SubmitAsync(draft.Id)).Succeeded);
        var correction = (await close.DraftAsync(Feb2027)).Value!;

        Assert.Equal((2, draft.Id, BatchState.Draft), (correction.Version, correction.Supersedes!.Value, correction.State));
        Assert.Equal(BatchState.Submitted, (await close.LoadAsync(draft.Id))!.State);
    }

    [Fact]
    public async Task Draft_ClientWithOverlappingStatusPeriods_IsRefusedNamingTheClientAndSavesNothing()
    {
        // The engine refuses a case whose periods overlap (issue 11 §6); month close lists that client-month and drafts
        // nothing, rather than claiming the month without her. April 2027: a month no other test closes.
        var month = new DateOnly(2027, 4, 1);
        var agency = await app.AgencyIdAsync("R2");
        await using var db = app.Database(agency);
        var client = await db.Clients.Include(c => c.StatusPeriods)
            .Where(c => c.StatusPeriods.Any(p => p.Status == ClientStatus.Active && p.To == null))
            .OrderBy(c => c.Name).FirstAsync();
        var stay = new StatusPeriod { Status = ClientStatus.InHospital, From = new DateOnly(2027, 4, 10), To = new DateOnly(2027, 4, 12) };
        client.StatusPeriods.Add(stay); // on top of the open Active period: what RecordStatus never writes
        await db.SaveChangesAsync();
        try
        {
            var outcome = await new CloseMonth(app.FactoryFor(agency), app.Clock, app.Finance(agency)).DraftAsync(month);

            var problem = Assert.Single(outcome.Problems);
            Assert.Equal("Billing.ClaimStatusOverlap", problem.Key);
            Assert.Equal([client.Name, "…", "2027-04-10", "2027-04-12"], [problem.Args[0], problem.Args[2], problem.Args[3], problem.Args[4]]);
            Assert.False(await db.ClaimBatches.AnyAsync(b => b.Month == month));
        }
        finally
        {
            client.StatusPeriods.Remove(stay);
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Response_WithAnUnknownResult_IsRefusedAndTheBatchStaysSubmitted()
    {
        var agency = await app.AgencyIdAsync("R6");
        var close = new CloseMonth(app.FactoryFor(agency), app.Clock, app.Finance(agency));
        var draft = (await close.DraftAsync(new DateOnly(2027, 1, 1))).Value!;
        await close.ValidateAsync(draft.Id);
        await close.SubmitAsync(draft.Id);

        var result = await close.ApplyResponseAsync(draft.Id, new MemoryStream(Encoding.UTF8.GetBytes("line_no,client_id,result\n1,x,perhaps\n")));

        Assert.Equal("Billing.ResponseBadResult", Assert.Single(result.Problems).Key);
        Assert.Equal(BatchState.Submitted, (await close.LoadAsync(draft.Id))!.State);
    }

    [Fact]
    public async Task Export_Csv_DownloadsWithBomForFinanceOnly()
    {
        var agency = await app.AgencyIdAsync("R7");
        var draft = (await new CloseMonth(app.FactoryFor(agency), app.Clock, app.Finance(agency)).DraftAsync(new DateOnly(2026, 12, 1))).Value!;
        var finance = await app.SignedInAsync("r7.finance@demo.careops.cn");
        var dispatcher = await app.SignedInAsync("r7.dispatcher@demo.careops.cn");
        var otherFinance = await app.SignedInAsync("r6.finance@demo.careops.cn");

        var csv = await finance.GetAsync($"/billing/batches/{draft.Id}/export.csv");
        var denied = await dispatcher.GetAsync($"/billing/batches/{draft.Id}/export.csv");
        var foreign = await otherFinance.GetAsync($"/billing/batches/{draft.Id}/export.csv");

        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Contains($"#control_sum,{draft.ControlSum}", Encoding.UTF8.GetString(bytes));
        Assert.StartsWith("/denied", denied.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }
}
