using CareOps.Billing;
using CareOps.Billing.Claims;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using BillingMode = CareOps.Billing.Policies.CareMode;

namespace CareOps.Web.Features.Billing;

/// <summary>Maps the database to the billing engine's claim cases: the one place entities meet Billing's records.</summary>
internal static class ClaimCases
{
    /// <summary>Every client of the agency as a claim case (the month plus the weeks that straddle its edges), with the loaded client: its name and coverages serve the callers without a second query.</summary>
    public static async Task<List<(ClaimCase Case, Client Client)>> ForMonthAsync(CareOpsDb db, string city, DateOnly month, CancellationToken ct)
    {
        var from = WeekDaysExtensions.MondayOf(month);
        var last = month.AddMonths(1).AddDays(-1);
        var to = WeekDaysExtensions.MondayOf(last).AddDays(6);
        var clients = await db.Clients.AsNoTracking().Include(c => c.StatusPeriods).Include(c => c.Coverages).AsSplitQuery().OrderBy(c => c.Id).ToListAsync(ct);
        var visits = (await db.Visits.AsNoTracking().Include(v => v.Caregiver)
                .Where(v => v.Date >= from && v.Date <= to && v.Status != VisitStatus.Cancelled && v.Funding == VisitFunding.Fund)
                .ToListAsync(ct))
            .ToLookup(v => v.ClientId);

        return clients.Select(c => (new ClaimCase
        {
            City = city,
            Month = month,
            Client = new ClientInfo
            {
                Id = c.Id.ToString(),
                Name = c.Name,
                CareMode = c.CareMode switch { CareMode.FamilyCare => BillingMode.FamilyCare, CareMode.Institutional => BillingMode.Institutional, _ => BillingMode.Home },
                Grade = c.Assessment.Grade,
                EligibleFrom = c.Assessment.OnsetDate.AddMonths(6) > c.Assessment.AssessedOn ? c.Assessment.OnsetDate.AddMonths(6) : c.Assessment.AssessedOn,
                EligibleUntil = c.Assessment.ValidUntil,
                Status = c.StatusPeriods.OrderBy(p => p.From).Select(p => new StatusSpan { State = Enum.Parse<ClientState>(p.Status.ToString()), From = p.From, To = p.To }).ToList(),
                FamilyCaregiver = c.FamilyCaregiver is { } f
                    ? new FamilyCaregiverInfo
                    {
                        Name = f.Name,
                        ResidentId = f.ResidentId,
                        Relationship = f.Relationship,
                        Training = f.TrainedOn is null && f.TrainingCourse is null
                            ? null
                            : new FamilyCareTraining { Course = f.TrainingCourse ?? "", CompletedOn = f.TrainedOn, CertificateNo = f.TrainingCertificate ?? "" },
                    }
                    : null,
            },
            Rentals = c.Rentals.OrderBy(r => r.From).Select(r => new DeviceRental { Device = r.Device, From = r.From, Until = r.Until }).ToList(),
            Visits = visits[c.Id].Select(v => new VisitRecord
            {
                Id = v.Id.ToString(),
                Date = v.Date,
                Caregiver = v.Caregiver?.Name ?? "",
                CaregiverCertified = v.Caregiver?.IsCertifiedOn(v.Date) == true,
                CheckIn = Local(v.CheckInAt),
                CheckOut = Local(v.CheckOutAt),
                CheckOutDate = CheckOutDate(v),
                // Zhoushan pays a check-in verified at the home by GPS or by audio: a dispatcher's acceptance on review
                // (after the recording or a call) stands for the second; the GPS fact itself stays on the visit.
                LocationVerified = v.LocationVerified == true || v.Review == VisitReview.Accepted,
                Verified = v.Status != VisitStatus.Completed || v.Verdict is null || v.Counts,
                Items = v.ItemsPerformed.Select(i => i.ItemCode).ToList(),
            }).ToList(),
        }, c)).ToList();
    }

    internal static TimeOnly? Local(DateTimeOffset? instant) =>
        instant is { } at ? TimeOnly.FromDateTime(AgencyClock.Local(at).DateTime) : null;

    /// <summary>A visit that ran past midnight checks out on a later day than it checked in (the phone allows it); null for the same day.</summary>
    private static DateOnly? CheckOutDate(Visit v)
    {
        if (v.CheckInAt is not { } checkIn || v.CheckOutAt is not { } checkOut)
        {
            return null;
        }

        var days = DateOnly.FromDateTime(AgencyClock.Local(checkOut).DateTime).DayNumber - DateOnly.FromDateTime(AgencyClock.Local(checkIn).DateTime).DayNumber;
        return days == 0 ? null : v.Date.AddDays(days);
    }

    /// <summary>At most this many client-months are listed when month close or top-up billing is refused; the rest are counted.</summary>
    internal const int MaxListed = 20;

    /// <summary>
    /// The engine's refusals of one run as the page lists them: one per client-month (the engine names the client,
    /// and the visit or periods at fault), the same refusal once, and the count of any beyond <see cref="MaxListed"/>.
    /// </summary>
    internal static Problems Refusals(IReadOnlyList<BillingProblem> refusals)
    {
        var distinct = refusals.DistinctBy(p => p.ToString()).ToList();
        var problems = new Problems(distinct.Take(MaxListed).Select(p => Problem.From(p)));
        if (distinct.Count > MaxListed)
        {
            problems.Add(Problem.Of("Error.ClaimCasesMore", distinct.Count - MaxListed));
        }

        return problems;
    }

    /// <summary>A refusal about the policy, not one client: every other case would be refused the same way, so the run stops at the first.</summary>
    internal static bool AboutThePolicy(BillingProblem problem) => problem.Code is BillingCode.ClaimNoPolicy or BillingCode.ClaimRulesMissing;

}
