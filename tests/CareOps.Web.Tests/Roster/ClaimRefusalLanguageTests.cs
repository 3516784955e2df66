using System.Globalization;
using CareOps.Web.Features.Billing;
using CareOps.Web.Resources;
using CareOps.Web.Tests.Features;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CareOps.Web.Tests.Roster;

/// <summary>
/// A month the claim engine cannot price is refused with the engine's code, worded in the user's language (the
/// engine's English sentence is for the CLI only). Runs on the roster app: it changes an agency's city for a moment.
/// </summary>
[Collection(RosterCollection.Name)]
public sealed class ClaimRefusalLanguageTests(CareOpsApp app)
{
    [Fact]
    public async Task CloseMonth_CityWithoutPolicy_SaysSoInChinese()
    {
        var agency = await app.AgencyIdAsync("R4");
        await SetCityAsync(agency, "atlantis");
        try
        {
            var outcome = await new CloseMonth(app.FactoryFor(agency), app.Clock, app.Finance(agency)).DraftAsync(new DateOnly(2026, 11, 1));

            var problem = Assert.Single(outcome.Problems);
            Assert.Equal("Billing.ClaimNoPolicy", problem.Key);
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            var text = problem.Localize(app.Services.GetRequiredService<IStringLocalizer<SharedResource>>());
            Assert.Equal("城市 atlantis 在 2026-11-01 没有生效的长护险政策，无法计算。请先在“政策”页新增版本。", text);
        }
        finally
        {
            await SetCityAsync(agency, "zhoushan");
        }
    }

    private async Task SetCityAsync(Guid agency, string city)
    {
        await using var db = app.Database(null);
        var row = db.Agencies.Single(a => a.Id == agency);
        row.CityPolicy = city;
        await db.SaveChangesAsync();
    }
}
