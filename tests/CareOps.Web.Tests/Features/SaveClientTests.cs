using CareOps.Data.Domain;
using CareOps.Web.Features.Clients;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

[Collection(EditingCollection.Name)]
public sealed class SaveClientTests(CareOpsApp app)
{
    private async Task<(SaveClient Save, Guid Agency)> SaveForAsync(string agency)
    {
        var id = await app.AgencyIdAsync(agency);
        return (new SaveClient(app.FactoryFor(id), app.Clock, app.Dispatcher(id)), id);
    }

    private async Task<ClientForm> ValidFormAsync(Guid agency, string first17)
    {
        await using var db = app.Database(agency);
        var place = await AgencyPlaces.ForCurrentAgencyAsync(db);
        return new ClientForm
        {
            Name = "测试客户",
            ResidentId = first17 + ResidentId.CheckCharacter(first17),
            Phone = "13800138000",
            Address = "测试路 1 号",
            PlaceId = place[0].Id,
            Latitude = place[0].Latitude,
            Longitude = place[0].Longitude,
            Grade = 2,
            AssessedOn = new DateTime(2026, 3, 1),
            AssessmentValidUntil = new DateTime(2028, 2, 28),
            OnsetDate = new DateTime(2025, 6, 1),
            CareMode = CareMode.FamilyCare,
            FamilyCaregiverName = "测试家属",
            FamilyCaregiverRelationship = "女儿",
            Zhuhuibao = true,
        };
    }

    private async Task<int> CountAsync(Guid agency)
    {
        await using var db = app.Database(agency);
        return await db.Clients.CountAsync();
    }

    [Fact]
    public async Task Execute_ValidNewClient_IsSavedWithCoverageAndActivePeriod()
    {
        var (save, agency) = await SaveForAsync("R5");
        var form = await ValidFormAsync(agency, "33090219500101771");

        var result = await save.ExecuteAsync(null, form);

        Assert.True(result.Succeeded);
        await using var db = app.Database(agency);
        var saved = await db.Clients.Include(c => c.Coverages).Include(c => c.StatusPeriods).SingleAsync(c => c.Id == result.Value);
        Assert.Equal("测试客户", saved.Name);
        Assert.Equal(form.ResidentId[^4..], saved.ResidentIdLast4);
        Assert.Equal(agency, saved.AgencyId);
        Assert.Equal("测试家属", saved.FamilyCaregiver!.Name);
        Assert.Contains(saved.Coverages, c => c.Kind == CoverageKind.Zhuhuibao && c.To is null);
        Assert.Contains(saved.StatusPeriods, p => p.Status == ClientStatus.Active);
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "ResidentId", "330902195001017710", "Error.ResidentId.CheckCharacter" },
        { "ResidentId", "3309021950010177", "Error.ResidentId.Length" },
        { "ResidentId", "330902195013017710", "Error.ResidentId.BirthDate" },
        { "Latitude", "60", "Error.LatitudeRange" },
        { "Longitude", "150", "Error.LongitudeRange" },
        { "AssessmentValidUntil", "2026-01-01", "Error.EndBeforeStart" },
        { "OnsetDate", "2026-06-01", "Error.OnsetAfterAssessment" },
        { "Grade", "9", "Error.Grade" },
        { "Grade", "99", "Error.Grade" },
        { "Grade", "0", "Error.Grade" },
        { "FamilyCaregiverRelationship", new string('女', 300), "Error.TooLong" },
        { "Name", new string('张', 51), "Error.TooLong" },
        { "CommercialProduct", new string('保', 101), "Error.TooLong" },
        { "Phone", "call me", "Error.Phone" },
        { "Name", "", "Error.Required" },
        { "FamilyCaregiverName", "", "Error.Required" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Execute_BadInput_NamesTheFieldAndSavesNothing(string field, string value, string expectedKey)
    {
        var (save, agency) = await SaveForAsync("R5");
        var form = await ValidFormAsync(agency, "33090219500101772");
        switch (field)
        {
            case "ResidentId": form.ResidentId = value; break;
            case "Latitude": form.Latitude = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Longitude": form.Longitude = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "AssessmentValidUntil": form.AssessmentValidUntil = DateTime.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "OnsetDate": form.OnsetDate = DateTime.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Grade": form.Grade = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Phone": form.Phone = value; break;
            case "Name": form.Name = value; break;
            case "FamilyCaregiverName": form.FamilyCaregiverName = value; break;
            case "FamilyCaregiverRelationship": form.FamilyCaregiverRelationship = value; break;
            case "CommercialProduct": form.CommercialProduct = value; break;
        }

        var before = await CountAsync(agency);
        var result = await save.ExecuteAsync(null, form);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, e => e.Field == field && e.Key == expectedKey);
        Assert.Equal(before, await CountAsync(agency));
    }

    [Fact]
    public async Task Execute_DuplicateResidentId_IsRefused()
    {
        var (save, agency) = await SaveForAsync("R5");
        await using var db = app.Database(agency);
        var existing = await db.Clients.OrderBy(c => c.Name).FirstAsync();
        var form = await ValidFormAsync(agency, existing.ResidentId[..17]);

        var result = await save.ExecuteAsync(null, form);

        Assert.Contains(result.Problems, e => e.Field == nameof(ClientForm.ResidentId) && e.Key == "Error.ResidentIdTaken");
    }

    [Fact]
    public async Task Execute_PlaceOutsideTheAgencysRegions_IsRefused()
    {
        var (save, agency) = await SaveForAsync("R5");
        var form = await ValidFormAsync(agency, "33090219500101773");
        await using var db = app.Database(null);
        form.PlaceId = await db.Places.Where(p => p.Code == "dinghai").Select(p => p.Id).SingleAsync();

        var result = await save.ExecuteAsync(null, form);

        Assert.Contains(result.Problems, e => e.Field == nameof(ClientForm.PlaceId) && e.Key == "Error.Place");
    }

    [Fact]
    public async Task Execute_EditOfAnotherAgencysClient_IsRefusedAndUnchanged()
    {
        var (save, agency) = await SaveForAsync("R5");
        var foreign = await app.AnyClientOfAsync("R6");
        var form = await ValidFormAsync(agency, "33090219500101774");

        var result = await save.ExecuteAsync(foreign, form);

        Assert.Contains(result.Problems, e => e.Key == "Error.ClientGone");
        await using var db = app.Database(await app.AgencyIdAsync("R6"));
        Assert.NotEqual("测试客户", (await db.Clients.SingleAsync(c => c.Id == foreign)).Name);
    }

    [Fact]
    public async Task Execute_UncheckingCoverage_EndsItInsteadOfErasingHistory()
    {
        var (save, agency) = await SaveForAsync("R5");
        var created = await save.ExecuteAsync(null, await ValidFormAsync(agency, "33090219500101775"));
        await using (var db = app.Database(agency))
        {
            var client = await db.Clients.Include(c => c.Coverages).SingleAsync(c => c.Id == created.Value);
            client.Coverages.Single().From = new DateOnly(2025, 1, 1);
            await db.SaveChangesAsync();
        }

        await using (var db = app.Database(agency))
        {
            var form = ClientForm.From(await db.Clients.Include(c => c.Coverages).SingleAsync(c => c.Id == created.Value), CareOpsApp.Today);
            form.Zhuhuibao = false;
            Assert.True((await save.ExecuteAsync(created.Value, form)).Succeeded);
        }

        await using var check = app.Database(agency);
        var coverage = (await check.Clients.Include(c => c.Coverages).SingleAsync(c => c.Id == created.Value)).Coverages.Single();
        Assert.Equal(CoverageKind.Zhuhuibao, coverage.Kind);
        Assert.NotNull(coverage.To);
    }
}
