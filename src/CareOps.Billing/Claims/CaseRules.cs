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
                    $"Client {Label(client)}: the status period {span.State} {Range(span)} ends before it starts.");
            }
        }

        StatusSpan? latest = null; // of the periods so far, the one that ends last
        foreach (var span in client.Status.OrderBy(s => s.From).ThenBy(s => s.To ?? DateOnly.MaxValue))
        {
            // Note: sorted by start, a period overlaps an earlier one exactly when it starts on or before the latest end so far.
            if (latest is not null && span.From <= (latest.To ?? DateOnly.MaxValue))
            {
                throw Refused(new(BillingCode.ClaimStatusOverlap, Label(client), Day(latest.From), End(latest), Day(span.From), End(span)),
                    $"Client {Label(client)}: the status periods {latest.State} {Range(latest)} and {span.State} {Range(span)} overlap; a day has one status.");
            }

            if (latest is null || (span.To ?? DateOnly.MaxValue) > (latest.To ?? DateOnly.MaxValue))
            {
                latest = span;
            }
        }
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

    private static string End(StatusSpan s) => s.To is DateOnly to ? Day(to) : "…";

    private static string Range(StatusSpan s) => $"{Day(s.From)}–{(s.To is DateOnly to ? Day(to) : "(ongoing)")}";

    private static string Time(TimeOnly t) => t.ToString(t.Second == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture);
}
