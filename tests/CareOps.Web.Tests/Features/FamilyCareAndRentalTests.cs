using CareOps.Data.Domain;
using CareOps.Web.Features.Billing;
using CareOps.Web.Features.Clients;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

/// <summary>
/// Issue 11 §5 in the app: the relative's training decides the family-care amount in month close, and a Jining agency
/// records device rentals that the claim carries as their own lines.
/// </summary>
[Collection(EditingCollection.Name)]
public sealed class FamilyCareAndRentalTests(CareOpsApp app)
{
    [Fact]
    public async Task FamilyCare_UntrainedRelative_IsDeducted_TrainedBeforeTheMonth_IsPaid()
    {
        // July 2027 (a month no other test closes), R3: a family-care client, her relative's training moved around it.
        var month = new DateOnly(2027, 7, 1);
        var agency = await app.AgencyIdAsync("R3");
        await using var db = app.Database(agency);
        var client = await db.Clients.Where(c => c.CareMode == CareMode.FamilyCare && c.FamilyCaregiver != null).OrderBy(c => c.Name).FirstAsync();
        var trainedOn = client.FamilyCaregiver!.TrainedOn;
        var close = new CloseMonth(app.FactoryFor(agency), app.Clock, app.Finance(agency));
        try
        {
            client.FamilyCaregiver.TrainedOn = null;
            await db.SaveChangesAsync();
            var untrained = (await close.LoadAsync((await close.DraftAsync(month)).Value!.Id))!.Lines.Where(l => l.ClientId == client.Id.ToString()).ToList();

            client.FamilyCaregiver.TrainedOn = month.AddDays(-30);
            await db.SaveChangesAsync();
            var trained = (await close.LoadAsync((await close.DraftAsync(month)).Value!.Id))!.Lines.Where(l => l.ClientId == client.Id.ToString()).ToList();

            // Trained: the relative's line pays the month (500 in Zhoushan's policy); untrained: deducted, explained.
            var paid = Assert.Single(trained, l => l.Reason == "FamilyCare");
            Assert.Equal(500.00m, paid.Amount);
            Assert.DoesNotContain(trained, l => l.Reason == "FamilyCareUntrained");
            var deducted = Assert.Single(untrained, l => l.Reason == "FamilyCareUntrained");
            Assert.Equal(-500.00m, deducted.Amount);
            Assert.Contains("培训", deducted.ExplanationZh);
        }
        finally
        {
            client.FamilyCaregiver!.TrainedOn = trainedOn;
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Rentals_OnlyThePolicysDevices_NoOverlap_EndedOnce_AndTheClaimCarriesThem()
    {
        // R6 becomes a Jining agency for this test (its pilot rents devices); restored after.
        var month = new DateOnly(2027, 8, 1);
        var agency = await app.AgencyIdAsync("R6");
        await using var db = app.Database(agency);
        var record = await db.Agencies.SingleAsync(a => a.Id == agency);
        var city = record.CityPolicy;
        var client = await db.Clients.Where(c => c.CareMode == CareMode.Home).OrderBy(c => c.Name).FirstAsync();
        var rentals = new RecordRental(app.FactoryFor(agency), app.Dispatcher(agency), app.Clock);
        var familyCare = new List<Client>();
        try
        {
            Assert.Empty(await rentals.DevicesAsync()); // Zhoushan rents no devices
            Assert.Equal("Rental.NoScheme", Assert.Single(await rentals.AddAsync(client.Id, new RentalForm { Device = "BED-ELECTRIC", From = new DateTime(2027, 8, 1) })).Key);

            record.CityPolicy = "jining";
            await db.SaveChangesAsync();
            var devices = await rentals.DevicesAsync();
            Assert.Contains(devices, d => d.Code == "BED-ELECTRIC");

            Assert.Contains(await rentals.AddAsync(client.Id, new RentalForm { Device = "NO-SUCH", From = new DateTime(2027, 8, 1) }), p => p.Field == nameof(RentalForm.Device));
            Assert.Contains(await rentals.AddAsync(client.Id, new RentalForm { Device = "BED-ELECTRIC", From = new DateTime(2027, 8, 10), Until = new DateTime(2027, 8, 1) }), p => p.Key == "Error.EndBeforeStart");
            Assert.Empty(await rentals.AddAsync(client.Id, new RentalForm { Device = "BED-ELECTRIC", From = new DateTime(2027, 7, 1) }));
            Assert.Equal("Rental.Overlap", Assert.Single(await rentals.AddAsync(client.Id, new RentalForm { Device = "BED-ELECTRIC", From = new DateTime(2027, 8, 20) })).Key);
            Assert.Contains(await new RecordRental(app.FactoryFor(agency), app.As(Roles.Caregiver, agency), app.Clock).AddAsync(client.Id, new RentalForm { Device = "WHEELCHAIR-MANUAL", From = new DateTime(2027, 8, 1) }), p => p.Key == "Error.NotAllowed");

            await using (var read = app.Database(agency))
            {
                var rental = (await read.Clients.AsNoTracking().SingleAsync(c => c.Id == client.Id)).Rentals.Single();
                Assert.Empty(await rentals.EndAsync(client.Id, rental.Id, new DateTime(2027, 8, 15)));
                Assert.Equal("Rental.NotOpen", Assert.Single(await rentals.EndAsync(client.Id, rental.Id, new DateTime(2027, 8, 16))).Key);
            }

            // Month close carries the rental: the fund's share to the supplier for 1–15 August, on a line of its own.
            // (Jining's pilot pays no family care: R6's family-care clients are home care for this month's draft.)
            familyCare.AddRange(await db.Clients.Where(c => c.CareMode == CareMode.FamilyCare).ToListAsync());
            familyCare.ForEach(c => c.CareMode = CareMode.Home);
            await db.SaveChangesAsync();
            var close = new CloseMonth(app.FactoryFor(agency), app.Clock, app.Finance(agency));
            var draft = await close.DraftAsync(month);
            Assert.True(draft.Succeeded, string.Join("; ", draft.Problems.Select(p => p.Key + " " + string.Join(",", p.Args))));
            var batch = (await close.LoadAsync(draft.Value!.Id))!;
            var line = Assert.Single(batch.Lines, l => l.ClientId == client.Id.ToString() && l.Reason == "DeviceRental");
            var bed = devices.Single(d => d.Code == "BED-ELECTRIC");
            Assert.Equal(CareOps.Billing.Policies.Payee.DeviceSupplier, line.Payee);
            Assert.InRange(line.Amount, CareOps.Billing.Money.Fen(bed.FundPerMonth * 15 / 31) - 0.01m, CareOps.Billing.Money.Fen(bed.FundPerMonth * 15 / 31) + 0.01m);
            Assert.DoesNotContain(batch.Lines, l => l.ClientId != client.Id.ToString() && l.Reason == "DeviceRental");
        }
        finally
        {
            record.CityPolicy = city;
            familyCare.ForEach(c => c.CareMode = CareMode.FamilyCare);
            await db.SaveChangesAsync();
            await using var clean = app.Database(agency);
            var c = await clean.Clients.SingleAsync(x => x.Id == client.Id);
            c.Rentals.Clear();
            await clean.SaveChangesAsync();
        }
    }
}
