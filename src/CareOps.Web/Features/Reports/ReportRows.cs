using CareOps.Data.Domain;

namespace CareOps.Web.Features.Reports;

/// <summary>
/// A report's rows and whose they are: one agency's (its admin or finance), or every agency's side by side (the
/// operator, <see cref="AllAgencies"/>); <see cref="Agencies"/> are the codes covered, in order.
/// </summary>
public sealed record Report<T>(IReadOnlyList<T> Rows, IReadOnlyList<string> Agencies, bool AllAgencies);

/// <summary>
/// What the fund pays an agency for a month and care mode: the fund lines in force (each client's from the newest
/// claim batch version that has her lines), net of deductions, without lines the fund rejected. The care mode is the client's as recorded now (the model keeps no history of
/// it); null for a line whose client is not found.
/// </summary>
public sealed record FundIncomeRow(string Agency, DateOnly Month, CareMode? CareMode, decimal Amount);

/// <summary>The deductions of an agency's month for one reason (the deduction lines in force, as for fund income), as a positive amount.</summary>
public sealed record DeductionRow(string Agency, DateOnly Month, string Reason, int Lines, decimal Amount);

/// <summary>
/// A caregiver's month: visits that count (verified, or accepted on review), their hours from check-in to check-out,
/// and the hours she was available (<see cref="ReportQuery.AvailableHours"/>).
/// </summary>
public sealed record CaregiverHoursRow(string Agency, DateOnly Month, string Caregiver, string Name, int Visits, decimal Hours, decimal AvailableHours)
{
    /// <summary>Visit hours ÷ available hours (4 places); null when she had no available hours that month.</summary>
    public decimal? Utilisation => AvailableHours > 0 ? Math.Round(Hours / AvailableHours, 4, MidpointRounding.AwayFromZero) : null;
}

/// <summary>
/// An agency's finished visits of a month as check-out judged them: verified by the rules, or flagged (then accepted,
/// rejected or still waiting for review), and how many flagged visits carried each reason (a visit may carry several).
/// </summary>
public sealed record VerificationRow(string Agency, DateOnly Month, int Finished, int Verified, int Flagged, int Accepted, int Rejected, int Waiting, IReadOnlyDictionary<FlagReason, int> Flags)
{
    /// <summary>Verified by the rules ÷ finished (4 places); null without finished visits.</summary>
    public decimal? Rate => Finished > 0 ? Math.Round((decimal)Verified / Finished, 4, MidpointRounding.AwayFromZero) : null;
}

/// <summary>
/// 舟惠保 in an agency's month: the clients it covers, the service hours owed them under the top-up rules, the hours
/// delivered (舟惠保 visits that count), and how many clients received less than they were owed.
/// </summary>
public sealed record ZhuhuibaoRow(string Agency, DateOnly Month, int Clients, decimal OwedHours, decimal DeliveredHours, int ClientsShort);
