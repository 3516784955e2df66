using System.Globalization;

namespace CareOps.Billing.Claims;

/// <summary>
/// What a claim case must satisfy before it is priced, for the CLI and the app alike: each day has at most one
/// status, periods run forward, a visit checks out after it checks in. A broken case is refused, never guessed at
/// (before these checks the first matching status won and a reversed visit became "check-in or check-out missing").
/// </summary>
internal static class CaseRules
{
    public static void CheckStatus(ClientInfo client)
    {
        foreach (var span in client.Status)
        {
            if (span.To is DateOnly to && to < span.From)
            {
                throw Refused(new(BillingCode.ClaimStatusEndBeforeStart, Label(client), Day(span.From), Day(to)),
                    $"Client {Label(client)}: the status period {span.State} {Range(span.From, span.To)} ends before it starts.");
            }
        }

        if (FirstOverlap(client.Status, s => (s.From, s.To)) is (var first, var second))
        {
            throw Refused(new(BillingCode.ClaimStatusOverlap, Label(client), Day(first.From), End(first.To), Day(second.From), End(second.To)),
                $"Client {Label(client)}: the status periods {first.State} {Range(first.From, first.To)} and {second.State} {Range(second.From, second.To)} overlap; a day has one status.");
        }
    }

    public static void CheckCareModes(ClientInfo client)
    {
        foreach (var span in client.CareModes)
        {
            if (span.To is DateOnly to && to < span.From)
            {
                throw Refused(new(BillingCode.ClaimCareModeEndBeforeStart, Label(client), Day(span.From), Day(to)),
                    $"Client {Label(client)}: the care-mode period {span.Mode} {Range(span.From, span.To)} ends before it starts.");
            }
        }

        if (FirstOverlap(client.CareModes, s => (s.From, s.To)) is (var first, var second))
        {
            throw Refused(new(BillingCode.ClaimCareModeOverlap, Label(client), Day(first.From), End(first.To), Day(second.From), End(second.To)),
                $"Client {Label(client)}: the care-mode periods {first.Mode} {Range(first.From, first.To)} and {second.Mode} {Range(second.From, second.To)} overlap; a day has one care mode.");
        }
    }

    public static void CheckFamilyCaregiver(ClientInfo client)
    {
        if (client.FamilyCaregiver?.ResidentId is string id && !ResidentIdNumber.IsValid(id))
        {
            var masked = ResidentIdNumber.Mask(id);
            throw Refused(new(BillingCode.ClaimFamilyCaregiverId, Label(client), masked),
                $"Client {Label(client)}: the family caregiver's resident ID {masked} is not a valid 18-character ID (length, birth date or check character).");
        }
    }

    /// <summary>Rentals run forward and one device of a code is rented once on a day (two beds at once would be billed twice).</summary>
    public static void CheckRentals(ClientInfo client, IEnumerable<DeviceRental> rentals)
    {
        foreach (var rental in rentals)
        {
            if (rental.Until is DateOnly until && until < rental.From)
            {
                throw Refused(new(BillingCode.ClaimRentalEndBeforeStart, Label(client), rental.Device, Day(rental.From), Day(until)),
                    $"Client {Label(client)}: the rental of {rental.Device} from {Day(rental.From)} until {Day(until)} ends before it starts.");
            }
        }

        foreach (var device in rentals.GroupBy(r => r.Device, StringComparer.OrdinalIgnoreCase))
        {
            if (FirstOverlap(device, r => (r.From, r.Until)) is (_, var second))
            {
                throw Refused(new(BillingCode.ClaimRentalOverlap, Label(client), device.Key, Day(second.From)),
                    $"Client {Label(client)}: two rentals of {device.Key} share {Day(second.From)}; a device is rented once a day.");
            }
        }
    }

    /// <summary>The first two periods (inclusive dates, null end = open) that share a day, or null.</summary>
    private static (T First, T Second)? FirstOverlap<T>(IEnumerable<T> periods, Func<T, (DateOnly From, DateOnly? To)> range)
        where T : class
    {
        T? latest = null; // of the periods so far, the one that ends last
        foreach (var period in periods.OrderBy(p => range(p).From).ThenBy(p => range(p).To ?? DateOnly.MaxValue))
        {
            var (from, to) = range(period);

            // Note: sorted by start, a period overlaps an earlier one exactly when it starts on or before the latest end so far.
            if (latest is not null && from <= (range(latest).To ?? DateOnly.MaxValue))
            {
                return (latest, period);
            }

            if (latest is null || (to ?? DateOnly.MaxValue) > (range(latest).To ?? DateOnly.MaxValue))
            {
                latest = period;
            }
        }

        return null;
    }

    public static void CheckVisits(ClientInfo client, IEnumerable<VisitRecord> visits)
    {
        foreach (var visit in visits)
        {
            if (visit.CheckIn is { } checkIn && visit.CheckOut is { } checkOut && visit.OutAt(checkOut) <= visit.Date.ToDateTime(checkIn))
            {
                var outText = visit.CheckOutDate is DateOnly d && d != visit.Date ? $"{Day(d)} {Time(checkOut)}" : Time(checkOut);
                throw Refused(new(BillingCode.ClaimCheckOutNotAfterCheckIn, Label(client), visit.Id, Day(visit.Date), Time(checkIn), outText),
                    $"Client {Label(client)}: visit {visit.Id} on {Day(visit.Date)} checks out at {outText}, not after its check-in at {Time(checkIn)}.");
            }
        }
    }

    public static void CheckTopUps(ClientInfo client, CaseTopUps topUps)
    {
        var negative = topUps.ZhuhuibaoHoursDelivered < 0 ? "zhuhuibaoHoursDelivered"
            : topUps.SocialAssistanceDelivered < 0 ? "socialAssistanceDelivered"
            : topUps.ExtraVisits < 0 ? "extraVisits"
            : null;
        if (negative is not null)
        {
            throw Refused(new(BillingCode.ClaimTopUpNegative, Label(client), negative),
                $"Client {Label(client)}: topUps.{negative} is negative.");
        }
    }

    /// <summary>The client as the sentence names her: the name when the case gives one, else the id.</summary>
    private static string Label(ClientInfo client) => string.IsNullOrWhiteSpace(client.Name) ? client.Id : client.Name;

    private static ClaimException Refused(BillingProblem problem, string sentence) => new(problem, sentence);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string End(DateOnly? to) => to is DateOnly d ? Day(d) : "…";

    private static string Range(DateOnly from, DateOnly? to) => $"{Day(from)}–{(to is DateOnly d ? Day(d) : "(ongoing)")}";

    private static string Time(TimeOnly t) => t.ToString(t.Second == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture);
}
