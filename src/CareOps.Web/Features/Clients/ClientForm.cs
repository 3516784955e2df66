using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CareOps.Web.Features.Clients;

/// <summary>What the client edit form binds to; <see cref="Validate"/> holds every rule so the page and tests agree.</summary>
public sealed class ClientForm
{
    public string Name { get; set; } = "";

    public string ResidentId { get; set; } = "";

    public string Phone { get; set; } = "";

    public string Address { get; set; } = "";

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public int? PlaceId { get; set; }

    public int Grade { get; set; } = 1;

    public DateTime? AssessedOn { get; set; }

    public DateTime? AssessmentValidUntil { get; set; }

    public DateTime? OnsetDate { get; set; }

    public CareMode CareMode { get; set; } = CareMode.Home;

    public string FamilyCaregiverName { get; set; } = "";

    public string FamilyCaregiverRelationship { get; set; } = "";

    public string FamilyCaregiverPhone { get; set; } = "";

    public string FamilyCaregiverResidentId { get; set; } = "";

    /// <summary>The day her care-practice training was completed (the policy may pay her only from then on).</summary>
    public DateTime? FamilyTrainedOn { get; set; }

    public string FamilyTrainingCourse { get; set; } = "";

    public string FamilyTrainingCertificate { get; set; } = "";

    public VisitWindow PreferredWindow { get; set; } = VisitWindow.AllDay;

    public bool Zhuhuibao { get; set; }

    public bool SocialAssistance { get; set; }

    public bool SelfPay { get; set; }

    public string CommercialProduct { get; set; } = "";

    public static ClientForm From(Client c, DateOnly today) => new()
    {
        Name = c.Name,
        ResidentId = c.ResidentId,
        Phone = c.Phone,
        Address = c.Address,
        Latitude = c.Latitude,
        Longitude = c.Longitude,
        PlaceId = c.PlaceId,
        Grade = c.Assessment.Grade,
        AssessedOn = c.Assessment.AssessedOn.ToDateTime(TimeOnly.MinValue),
        AssessmentValidUntil = c.Assessment.ValidUntil.ToDateTime(TimeOnly.MinValue),
        OnsetDate = c.Assessment.OnsetDate.ToDateTime(TimeOnly.MinValue),
        CareMode = c.CareMode,
        FamilyCaregiverName = c.FamilyCaregiver?.Name ?? "",
        FamilyCaregiverRelationship = c.FamilyCaregiver?.Relationship ?? "",
        FamilyCaregiverPhone = c.FamilyCaregiver?.Phone ?? "",
        FamilyCaregiverResidentId = c.FamilyCaregiver?.ResidentId ?? "",
        FamilyTrainedOn = c.FamilyCaregiver?.TrainedOn?.ToDateTime(TimeOnly.MinValue),
        FamilyTrainingCourse = c.FamilyCaregiver?.TrainingCourse ?? "",
        FamilyTrainingCertificate = c.FamilyCaregiver?.TrainingCertificate ?? "",
        PreferredWindow = c.PreferredWindow,
        Zhuhuibao = HasCoverage(c, CoverageKind.Zhuhuibao, today),
        SocialAssistance = HasCoverage(c, CoverageKind.SocialAssistance, today),
        SelfPay = HasCoverage(c, CoverageKind.SelfPay, today),
        CommercialProduct = c.Coverages.FirstOrDefault(x => x.Kind == CoverageKind.Commercial && IsOpen(x, today))?.Product ?? "",
    };

    /// <summary>
    /// Every rule of the form; <paramref name="allowedPlaces"/> are the places of the agency's regions and
    /// <paramref name="model"/> the EF model whose column widths bound the texts. Nothing is clamped: a value out of range is refused.
    /// </summary>
    public Problems Validate(IReadOnlyCollection<Place> allowedPlaces, IModel model)
    {
        var errors = new Problems();
        Checks.Text(errors, Name, nameof(Name), Columns.Width<Client>(model, c => c.Name));

        var idError = Data.Domain.ResidentId.Check(ResidentId);
        if (idError != ResidentIdError.None)
        {
            errors.Add(nameof(ResidentId), "Error.ResidentId." + idError);
        }

        Checks.Phone(errors, Phone, nameof(Phone));
        Checks.Text(errors, Address, nameof(Address), Columns.Width<Client>(model, c => c.Address));
        Checks.Coordinates(errors, Latitude, Longitude, nameof(Latitude), nameof(Longitude));
        if (PlaceId is null || allowedPlaces.All(p => p.Id != PlaceId))
        {
            errors.Add(nameof(PlaceId), "Error.Place");
        }

        Checks.Range(errors, Grade, nameof(Grade), 1, 6, "Error.Grade");

        if (AssessedOn is null)
        {
            errors.Add(nameof(AssessedOn), "Error.Required");
        }

        if (AssessmentValidUntil is null)
        {
            errors.Add(nameof(AssessmentValidUntil), "Error.Required");
        }
        else if (AssessedOn is not null && AssessmentValidUntil < AssessedOn)
        {
            errors.Add(nameof(AssessmentValidUntil), "Error.EndBeforeStart");
        }

        if (OnsetDate is null)
        {
            errors.Add(nameof(OnsetDate), "Error.Required");
        }
        else if (AssessedOn is not null && OnsetDate > AssessedOn)
        {
            errors.Add(nameof(OnsetDate), "Error.OnsetAfterAssessment");
        }

        if (CareMode == CareMode.FamilyCare)
        {
            Checks.Text(errors, FamilyCaregiverName, nameof(FamilyCaregiverName), Columns.Width<FamilyCaregiver>(model, f => f.Name));
            Checks.Text(errors, FamilyCaregiverRelationship, nameof(FamilyCaregiverRelationship), Columns.Width<FamilyCaregiver>(model, f => f.Relationship), required: false);
            Checks.Phone(errors, FamilyCaregiverPhone, nameof(FamilyCaregiverPhone));
            if (!string.IsNullOrWhiteSpace(FamilyCaregiverResidentId) && Data.Domain.ResidentId.Check(FamilyCaregiverResidentId) is var familyIdError and not ResidentIdError.None)
            {
                errors.Add(nameof(FamilyCaregiverResidentId), "Error.ResidentId." + familyIdError);
            }

            Checks.Text(errors, FamilyTrainingCourse, nameof(FamilyTrainingCourse), Columns.Width<FamilyCaregiver>(model, f => f.TrainingCourse), required: false);
            Checks.Text(errors, FamilyTrainingCertificate, nameof(FamilyTrainingCertificate), Columns.Width<FamilyCaregiver>(model, f => f.TrainingCertificate), required: false);
        }

        Checks.Text(errors, CommercialProduct, nameof(CommercialProduct), Columns.Width<Coverage>(model, c => c.Product), required: false);
        return errors;
    }

    /// <summary>Copies the form onto the entity. Coverages are ended or started today, never erased (billing needs history).</summary>
    public void ApplyTo(Client client, Place place, DateOnly today)
    {
        client.Name = Name.Trim();
        client.SetResidentId(ResidentId);
        client.Phone = Phone.Trim();
        client.Address = Address.Trim();
        client.Latitude = Latitude!.Value;
        client.Longitude = Longitude!.Value;
        client.PlaceId = place.Id;
        client.RegionId = place.RegionId;
        client.Assessment = new Assessment
        {
            Grade = Grade,
            AssessedOn = DateOnly.FromDateTime(AssessedOn!.Value),
            ValidUntil = DateOnly.FromDateTime(AssessmentValidUntil!.Value),
            OnsetDate = DateOnly.FromDateTime(OnsetDate!.Value),
        };
        client.CareMode = CareMode;
        client.FamilyCaregiver = CareMode == CareMode.FamilyCare
            ? new FamilyCaregiver
            {
                Name = FamilyCaregiverName.Trim(),
                Relationship = FamilyCaregiverRelationship.Trim(),
                Phone = FamilyCaregiverPhone.Trim(),
                ResidentId = string.IsNullOrWhiteSpace(FamilyCaregiverResidentId) ? null : Data.Domain.ResidentId.Normalize(FamilyCaregiverResidentId),
                TrainedOn = FamilyTrainedOn is { } trained ? DateOnly.FromDateTime(trained) : null,
                TrainingCourse = string.IsNullOrWhiteSpace(FamilyTrainingCourse) ? null : FamilyTrainingCourse.Trim(),
                TrainingCertificate = string.IsNullOrWhiteSpace(FamilyTrainingCertificate) ? null : FamilyTrainingCertificate.Trim(),
            }
            : null;
        client.PreferredWindow = PreferredWindow;
        SetCoverage(client, CoverageKind.Zhuhuibao, Zhuhuibao, null, today);
        SetCoverage(client, CoverageKind.SocialAssistance, SocialAssistance, null, today);
        SetCoverage(client, CoverageKind.SelfPay, SelfPay, null, today);
        var product = CommercialProduct.Trim();
        SetCoverage(client, CoverageKind.Commercial, product.Length > 0, product.Length > 0 ? product : null, today);
    }

    private static void SetCoverage(Client client, CoverageKind kind, bool wanted, string? product, DateOnly today)
    {
        var open = client.Coverages.FirstOrDefault(c => c.Kind == kind && IsOpen(c, today));
        if (open is not null && (!wanted || open.Product != product))
        {
            open.To = today.AddDays(-1);
            open = null;
        }

        if (wanted && open is null)
        {
            client.Coverages.Add(new Coverage { Kind = kind, Product = product, From = today });
        }
    }

    private static bool HasCoverage(Client c, CoverageKind kind, DateOnly today) =>
        c.Coverages.Any(x => x.Kind == kind && IsOpen(x, today));

    private static bool IsOpen(Coverage c, DateOnly today) => c.From <= today && (c.To is null || today <= c.To);
}
