using CareOps.Data.Domain;
using CareOps.Web.Features.Caregivers;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CareOps.Web.Tests.Features;

[Collection(EditingCollection.Name)]
public sealed class SaveCaregiverTests(CareOpsApp app)
{
    private async Task<(SaveCaregiver Save, Guid Agency, Caregiver Caregiver)> ArrangeAsync(string code)
    {
        var agency = await app.AgencyIdAsync("R4");
        await using var db = app.Database(agency);
        var caregiver = await db.Caregivers.AsNoTracking().SingleAsync(c => c.Code == code);
        return (new SaveCaregiver(app.FactoryFor(agency), app.Dispatcher(agency)), agency, caregiver);
    }

    [Fact]
    public async Task Execute_RenewedCertificate_IsSaved()
    {
        var (save, agency, caregiver) = await ArrangeAsync("cg01");
        var form = CaregiverForm.From(caregiver);
        form.CertificateValidUntil = new DateTime(2029, 6, 30);
        form.CertificateNumber = "ZS-2029-0001";

        Assert.Empty(await save.ExecuteAsync(caregiver.Id, form));

        await using var db = app.Database(agency);
        var saved = await db.Caregivers.SingleAsync(c => c.Id == caregiver.Id);
        Assert.Equal(new DateOnly(2029, 6, 30), saved.CertificateValidUntil);
        Assert.Equal("ZS-2029-0001", saved.CertificateNumber);
    }

    [Theory]
    [InlineData("ShiftEnd", "Error.EndBeforeStart")]
    [InlineData("WeeklyHourLimit", "Error.WeeklyHours")]
    [InlineData("WeeklyHourLimit+", "Error.WeeklyHours")]
    [InlineData("Name", "Error.TooLong")]
    [InlineData("WorkingDays", "Error.NoDays")]
    [InlineData("HomeLatitude", "Error.LatitudeRange")]
    [InlineData("CertificateNumber", "Error.Required")]
    public async Task Execute_BadInput_NamesTheFieldAndSavesNothing(string field, string key)
    {
        var (save, agency, caregiver) = await ArrangeAsync("cg02");
        var form = CaregiverForm.From(caregiver);
        form.Name = "改名测试";
        switch (field)
        {
            case "ShiftEnd": form.ShiftEnd = new TimeSpan(7, 0, 0); break;
            case "WeeklyHourLimit": form.WeeklyHourLimit = -5; break;
            case "WeeklyHourLimit+": form.WeeklyHourLimit = 61; field = "WeeklyHourLimit"; break;
            case "Name": form.Name = new string('王', 51); break;
            case "WorkingDays": form.WorkingDays = WeekDays.None; break;
            case "HomeLatitude": form.HomeLatitude = 89; break;
            case "CertificateNumber": form.CertificateNumber = " "; break;
        }

        var errors = await save.ExecuteAsync(caregiver.Id, form);

        Assert.Contains(errors, e => e.Field == field && e.Key == key);
        await using var db = app.Database(agency);
        Assert.Equal(caregiver.Name, (await db.Caregivers.SingleAsync(c => c.Id == caregiver.Id)).Name);
    }

    [Fact]
    public async Task Execute_LateRenewal_LeavesTheGapUncertified()
    {
        var (save, agency, caregiver) = await ArrangeAsync("cg03");
        var expired = caregiver.CertificateValidUntil;
        var form = CaregiverForm.From(caregiver);
        form.CertificateNumber = "ZS-RENEW-0003";
        form.CertificateValidFrom = expired.AddDays(31).ToDateTime(TimeOnly.MinValue);
        form.CertificateValidUntil = expired.AddYears(3).ToDateTime(TimeOnly.MinValue);

        Assert.Empty(await save.ExecuteAsync(caregiver.Id, form));

        await using var db = app.Database(agency);
        var saved = await db.Caregivers.SingleAsync(c => c.Id == caregiver.Id);
        Assert.Equal(2, saved.Certificates.Count);
        Assert.True(saved.IsCertifiedOn(expired));                // the old certificate still covers its last day
        Assert.False(saved.IsCertifiedOn(expired.AddDays(10)));   // the gap stays uncertified for billing
        Assert.True(saved.IsCertifiedOn(expired.AddDays(31)));    // the renewal counts from its own start
    }
}
