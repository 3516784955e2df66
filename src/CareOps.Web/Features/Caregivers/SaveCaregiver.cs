using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web.Features.Clients;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CareOps.Web.Features.Caregivers;

public sealed class CaregiverForm
{
    public string Name { get; set; } = "";

    public string Phone { get; set; } = "";

    public CertificateKind CertificateKind { get; set; }

    public string CertificateNumber { get; set; } = "";

    public DateTime? CertificateValidUntil { get; set; }

    /// <summary>From when the certificate as entered is valid (a renewal applies from here, not to the past).</summary>
    public DateTime? CertificateValidFrom { get; set; }

    public Skill Skill { get; set; }

    public int? HomePlaceId { get; set; }

    public double? HomeLatitude { get; set; }

    public double? HomeLongitude { get; set; }

    public WeekDays WorkingDays { get; set; } = WeekDays.MondayToFriday;

    public TimeSpan? ShiftStart { get; set; } = new(8, 0, 0);

    public TimeSpan? ShiftEnd { get; set; } = new(17, 0, 0);

    public int WeeklyHourLimit { get; set; } = 40;

    public bool IsActive { get; set; } = true;

    public static CaregiverForm From(Caregiver c) => new()
    {
        Name = c.Name,
        Phone = c.Phone,
        CertificateKind = c.CertificateKind,
        CertificateNumber = c.CertificateNumber,
        CertificateValidUntil = c.CertificateValidUntil.ToDateTime(TimeOnly.MinValue),
        CertificateValidFrom = (c.Certificates.OrderBy(p => p.ValidFrom).LastOrDefault()?.ValidFrom ?? c.CertificateValidUntil.AddYears(-3)).ToDateTime(TimeOnly.MinValue),
        Skill = c.Skill,
        HomePlaceId = c.HomePlaceId,
        HomeLatitude = c.HomeLatitude,
        HomeLongitude = c.HomeLongitude,
        WorkingDays = c.WorkingDays,
        ShiftStart = c.ShiftStart.ToTimeSpan(),
        ShiftEnd = c.ShiftEnd.ToTimeSpan(),
        WeeklyHourLimit = c.WeeklyHourLimit,
        IsActive = c.IsActive,
    };

    /// <summary>Every rule of the form; texts are bounded by their columns in <paramref name="model"/>. Nothing is clamped.</summary>
    public Problems Validate(IReadOnlyCollection<Place> allowedPlaces, IModel model)
    {
        var errors = new Problems();
        Checks.Text(errors, Name, nameof(Name), Columns.Width<Caregiver>(model, c => c.Name));
        Checks.Phone(errors, Phone, nameof(Phone));
        Checks.Text(errors, CertificateNumber, nameof(CertificateNumber), Math.Min(Columns.Width<Caregiver>(model, c => c.CertificateNumber), Columns.Width<CertificatePeriod>(model, c => c.Number)));
        if (CertificateValidUntil is null)
        {
            errors.Add(nameof(CertificateValidUntil), "Error.Required");
        }
        else if (CertificateValidFrom is null)
        {
            errors.Add(nameof(CertificateValidFrom), "Error.Required");
        }
        else if (CertificateValidUntil < CertificateValidFrom)
        {
            errors.Add(nameof(CertificateValidUntil), "Error.EndBeforeStart");
        }

        if (HomePlaceId is null || allowedPlaces.All(p => p.Id != HomePlaceId))
        {
            errors.Add(nameof(HomePlaceId), "Error.Place");
        }

        Checks.Coordinates(errors, HomeLatitude, HomeLongitude, nameof(HomeLatitude), nameof(HomeLongitude));
        if (WorkingDays == WeekDays.None)
        {
            errors.Add(nameof(WorkingDays), "Error.NoDays");
        }

        if (ShiftStart is null)
        {
            errors.Add(nameof(ShiftStart), "Error.Required");
        }

        if (ShiftEnd is null)
        {
            errors.Add(nameof(ShiftEnd), "Error.Required");
        }
        else if (ShiftStart is not null && ShiftEnd <= ShiftStart)
        {
            errors.Add(nameof(ShiftEnd), "Error.EndBeforeStart");
        }

        Checks.Range(errors, WeeklyHourLimit, nameof(WeeklyHourLimit), 1, 60, "Error.WeeklyHours");

        return errors;
    }
}

/// <summary>Updates a caregiver of the current agency after checking every field; nothing is saved on any error.</summary>
public sealed class SaveCaregiver(IDbContextFactory<CareOpsDb> dbFactory, Caller caller)
{
    public async Task<Problems> ExecuteAsync(Guid id, CaregiverForm form, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var refused = await caller.RequireAsync(Policies.Dispatching, db.CurrentAgencyId);
        if (!refused.IsEmpty)
        {
            return refused;
        }

        var places = await AgencyPlaces.ForCurrentAgencyAsync(db, ct);
        var errors = form.Validate(places, db.Model);
        var caregiver = await db.Caregivers.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (caregiver is null)
        {
            errors.Add(nameof(CaregiverForm.Name), "Error.CaregiverGone");
        }

        if (!errors.IsEmpty)
        {
            return errors;
        }

        caregiver!.Name = form.Name.Trim();
        caregiver.Phone = form.Phone.Trim();
        caregiver.RecordCertificate(form.CertificateKind, form.CertificateNumber.Trim(), DateOnly.FromDateTime(form.CertificateValidFrom!.Value), DateOnly.FromDateTime(form.CertificateValidUntil!.Value));
        caregiver.Skill = form.Skill;
        caregiver.HomePlaceId = form.HomePlaceId!.Value;
        caregiver.HomeLatitude = form.HomeLatitude!.Value;
        caregiver.HomeLongitude = form.HomeLongitude!.Value;
        caregiver.WorkingDays = form.WorkingDays;
        caregiver.ShiftStart = TimeOnly.FromTimeSpan(form.ShiftStart!.Value);
        caregiver.ShiftEnd = TimeOnly.FromTimeSpan(form.ShiftEnd!.Value);
        caregiver.WeeklyHourLimit = form.WeeklyHourLimit;
        caregiver.IsActive = form.IsActive;
        await db.SaveChangesAsync(ct);
        return errors;
    }
}
