using CareOps.Data.Domain;
using CareOps.Web.Features.Caregivers;
using CareOps.Web.Features.Clients;
using CareOps.Web.Infrastructure;
using CareOps.Web.Tests.Infrastructure;

namespace CareOps.Web.Tests.Features;

/// <summary>
/// No text of a form reaches the database longer than its column: every string property of every form is
/// refused at 1 000 characters, and the widths checked are the EF model's own.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class FormLimitsTests(CareOpsApp app)
{
    private static IEnumerable<string> TextProperties(Type form) =>
        form.GetProperties().Where(p => p.PropertyType == typeof(string) && p.CanWrite).Select(p => p.Name);

    [Fact]
    public async Task ClientForm_EveryTextTooLong_IsRefusedOnItsField()
    {
        await using var db = app.Database(await app.AgencyIdAsync("R1"));
        var places = await AgencyPlaces.ForCurrentAgencyAsync(db);

        foreach (var name in TextProperties(typeof(ClientForm)))
        {
            var form = new ClientForm { CareMode = CareMode.FamilyCare };
            typeof(ClientForm).GetProperty(name)!.SetValue(form, new string('长', 1000));

            Assert.True(form.Validate(places, db.Model).Has(name), $"ClientForm.{name} accepts 1 000 characters.");
        }
    }

    [Fact]
    public async Task CaregiverForm_EveryTextTooLong_IsRefusedOnItsField()
    {
        await using var db = app.Database(await app.AgencyIdAsync("R1"));
        var places = await AgencyPlaces.ForCurrentAgencyAsync(db);

        foreach (var name in TextProperties(typeof(CaregiverForm)))
        {
            var form = new CaregiverForm();
            typeof(CaregiverForm).GetProperty(name)!.SetValue(form, new string('长', 1000));

            Assert.True(form.Validate(places, db.Model).Has(name), $"CaregiverForm.{name} accepts 1 000 characters.");
        }
    }

    [Fact]
    public async Task ColumnWidths_AreReadFromTheModel()
    {
        await using var db = app.Database(null);

        Assert.Equal(20, Columns.Width<FamilyCaregiver>(db.Model, f => f.Relationship));
        Assert.Equal(50, Columns.Width<Client>(db.Model, c => c.Name));
        Assert.Equal(200, Columns.Width<StatusPeriod>(db.Model, p => p.Note));
        Assert.Equal(32, Columns.Width<PolicyVersionRecord>(db.Model, p => p.City));
    }

    [Fact]
    public async Task ClientForm_RelationshipAtTheColumnWidth_IsAccepted()
    {
        await using var db = app.Database(await app.AgencyIdAsync("R1"));
        var places = await AgencyPlaces.ForCurrentAgencyAsync(db);
        var form = new ClientForm { CareMode = CareMode.FamilyCare, FamilyCaregiverRelationship = new string('女', 20) };

        Assert.False(form.Validate(places, db.Model).Has(nameof(ClientForm.FamilyCaregiverRelationship)));
    }
}
