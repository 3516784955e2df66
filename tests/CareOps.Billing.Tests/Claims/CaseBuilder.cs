using CareOps.Billing.Claims;
using CareOps.Billing.Policies;

namespace CareOps.Billing.Tests.Claims;

/// <summary>Builds claim cases the way a clerk would describe them: who, which month, which visits.</summary>
internal sealed class CaseBuilder(string city, CareMode mode, DateOnly month)
{
    private readonly List<VisitRecord> visits = [];
    private readonly List<StatusSpan> status = [];
    private readonly List<CareModeSpan> modes = [];
    private readonly List<DeviceRental> rentals = [];
    private FamilyCaregiverInfo? relative;
    private int grade = 2;
    private int next;

    public static readonly DateOnly Feb2027 = new(2027, 2, 1); // a Monday; 28 days = 4 whole weeks
    public static readonly DateOnly Jun2026 = new(2026, 6, 1); // a Monday; 30 days; week 5 runs into July

    public CaseBuilder Grade(int value)
    {
        grade = value;
        return this;
    }

    public CaseBuilder Status(ClientState state, DateOnly from, DateOnly? to = null)
    {
        status.Add(new StatusSpan { State = state, From = from, To = to });
        return this;
    }

    /// <summary>A verified visit: checked in at 09:00 at home for the given minutes, certified caregiver.</summary>
    public CaseBuilder Visit(DateOnly date, int minutes = 60, bool certified = true, bool location = true, bool checkOut = true, bool verified = true)
    {
        visits.Add(new VisitRecord
        {
            Id = $"v{++next}",
            Date = date,
            Caregiver = certified ? "王护理员" : "李临时工",
            CaregiverCertified = certified,
            CheckIn = new TimeOnly(9, 0),
            CheckOut = checkOut ? new TimeOnly(9, 0).AddMinutes(minutes) : null,
            LocationVerified = location,
            Verified = verified,
            Items = ["ZS04"],
        });
        return this;
    }

    /// <summary>The same visit on each given day of the month.</summary>
    public CaseBuilder Visits(int minutes, params int[] days)
    {
        foreach (var day in days)
        {
            Visit(month.AddDays(day - 1), minutes);
        }

        return this;
    }

    /// <summary>Three one-hour visits (Mon, Wed, Fri) in every week that starts in the month.</summary>
    public CaseBuilder ThreeAWeek() => Weekly(60, 0, 2, 4);

    /// <summary>Visits on the given weekdays (0 = Monday) of every week starting in the month (the last may run into the next).</summary>
    public CaseBuilder Weekly(int minutes, params int[] weekdays)
    {
        for (var monday = month; monday.Month == month.Month; monday = monday.AddDays(7))
        {
            foreach (var d in weekdays)
            {
                Visit(monday.AddDays(d), minutes);
            }
        }

        return this;
    }

    /// <summary>A care-mode period (the builder's mode holds on the days no period covers).</summary>
    public CaseBuilder Mode(CareMode mode, DateOnly from, DateOnly? to = null)
    {
        modes.Add(new CareModeSpan { Mode = mode, From = from, To = to });
        return this;
    }

    /// <summary>The family caregiver, 李芳 (daughter, a valid resident ID), trained on the given day (null: not trained).</summary>
    public CaseBuilder Relative(DateOnly? trainedOn, string residentId = "330902196001018815")
    {
        relative = new FamilyCaregiverInfo
        {
            Name = "李芳",
            ResidentId = residentId,
            Relationship = "女儿",
            Training = trainedOn is null ? null : new FamilyCareTraining { Course = "舟山市亲情护理实践培训", CompletedOn = trainedOn, CertificateNo = "ZS-QQ-2026-0042" },
        };
        return this;
    }

    /// <summary>A trained relative (completed 2026-12-15, before any month the tests price).</summary>
    public CaseBuilder TrainedRelative() => Relative(new DateOnly(2026, 12, 15));

    public CaseBuilder Rent(string device, DateOnly from, DateOnly? until = null)
    {
        rentals.Add(new DeviceRental { Device = device, From = from, Until = until });
        return this;
    }

    public ClaimCase Build() => new()
    {
        City = city,
        Month = month,
        Client = new ClientInfo
        {
            Id = "c1",
            Name = "张阿婆",
            CareMode = mode,
            Grade = grade,
            Status = status.Count > 0 ? status : [new StatusSpan { State = ClientState.Active, From = new DateOnly(2020, 1, 1) }],
            CareModes = modes,
            FamilyCaregiver = relative,
        },
        Visits = visits,
        Rentals = rentals,
    };

    public ClaimResult Calculate(PolicyBook? book = null) => new ClaimCalculator(book ?? PolicyBook.Seed()).Calculate(Build());
}
