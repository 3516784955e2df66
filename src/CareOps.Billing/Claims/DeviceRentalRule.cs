using System.Globalization;
using CareOps.Billing.Policies;

namespace CareOps.Billing.Claims;

/// <summary>
/// Assistive-device rentals (辅助器具租赁, Jining's pilot): each rental is its own pair of lines, apart from care. The
/// month's rent is pro-rated by the rental's payable days (rented that day, and the client payable that day); the fund
/// pays its share of it and the client the rest. Rented days on which the client is not payable are noted, not paid.
/// </summary>
internal static class DeviceRentalRule
{
    /// <exception cref="ClaimException">A rental names a device the policy does not rent out.</exception>
    public static IEnumerable<ClaimLine> Lines(PolicyVersion policy, ClaimCase claim, ClaimMonth month)
    {
        var client = string.IsNullOrWhiteSpace(claim.Client.Name) ? claim.Client.Id : claim.Client.Name;
        var lines = new List<ClaimLine>();
        foreach (var rental in claim.Rentals.OrderBy(r => r.From).ThenBy(r => r.Device, StringComparer.Ordinal))
        {
            var device = policy.Devices.FirstOrDefault(d => string.Equals(d.Code, rental.Device, StringComparison.OrdinalIgnoreCase))
                ?? throw new ClaimException(new(BillingCode.ClaimDeviceUnknown, client, rental.Device, policy.City, policy.Version),
                    $"Client {client}: device {rental.Device} is not in the device list of policy {policy.City} v{policy.Version}{(policy.Devices.Count == 0 ? ", which rents no devices" : $" ({string.Join(", ", policy.Devices.Select(d => d.Code))})")}.");
            var rented = month.AllDays.Where(rental.Covers).ToList();
            if (rented.Count == 0)
            {
                continue;
            }

            lines.AddRange(Paid(device, rental, month, rented.Count(month.IsActive)));
            var notPayable = rented.Count(d => !month.IsActive(d));
            if (notPayable > 0)
            {
                lines.Add(new ClaimLine
                {
                    Kind = LineKind.Note,
                    Payer = Payer.Fund,
                    Payee = Payee.DeviceSupplier,
                    Amount = 0m,
                    Reason = "DeviceNotPayable",
                    ExplanationZh = $"{device.NameZh}（{device.Code}）本月有 {notPayable} 天在租但参保人不在可支付的护理状态（住院、暂停、终止、身故，或不在失能评估有效期内），这些天的租金基金不予支付。",
                    ExplanationEn = $"{Capitalized(Name(device))} ({device.Code}) was rented on {notPayable} day{(notPayable == 1 ? "" : "s")} of this month on which the client was not billable (in hospital, suspended, ended, deceased, or outside the assessment's validity); the fund pays no rent for them.",
                });
            }
        }

        return lines;
    }

    private static IEnumerable<ClaimLine> Paid(RentableDevice device, DeviceRental rental, ClaimMonth month, int payable)
    {
        if (payable == 0)
        {
            yield break;
        }

        var days = month.DaysInMonth;

        // Note: the rent and the fund's part are each rounded once; the client pays the difference, so the two lines add up to the rounded rent.
        var rent = Money.Fen(device.MonthlyRent * payable / days);
        var fund = Money.Fen(device.FundPerMonth * payable / days);
        var client = rent - fund;
        var period = rental.Until is DateOnly u ? $"{Day(rental.From)} 至 {Day(u)}" : $"{Day(rental.From)} 起";
        var share = device.FundShare is decimal ratio
            ? ($"基金支付 {Percent(ratio)}", $"the fund pays {Percent(ratio)}")
            : ($"基金每月支付 {Money.Format(device.FundPerMonth)} 元 × {payable}/{days}", $"the fund pays {Money.Format(device.FundPerMonth)} a month × {payable}/{days}");
        var head = $"{device.NameZh}（{device.Code}）租赁 {period}，本月可支付 {payable}/{days} 天：月租金 {Money.Format(device.MonthlyRent)} 元 × {payable}/{days} = {Money.Format(rent)} 元";
        var headEn = $"{Capitalized(Name(device))} ({device.Code}) rented from {Day(rental.From)}{(rental.Until is DateOnly v ? $" to {Day(v)}" : "")}, payable {payable} of {days} days this month: rent {Money.Format(device.MonthlyRent)} × {payable}/{days} = {Money.Format(rent)} CNY";
        if (fund != 0)
        {
            yield return new ClaimLine
            {
                Kind = LineKind.Benefit,
                Payer = Payer.Fund,
                Payee = Payee.DeviceSupplier,
                Amount = fund,
                Reason = "DeviceRental",
                ExplanationZh = $"{head}，{share.Item1} = {Money.Format(fund)} 元。",
                ExplanationEn = $"{headEn}; {share.Item2} = {Money.Format(fund)} CNY.",
            };
        }

        if (client != 0)
        {
            yield return new ClaimLine
            {
                Kind = LineKind.CoPayment,
                Payer = Payer.Client,
                Payee = Payee.DeviceSupplier,
                Amount = client,
                Reason = "DeviceRentalCoPayment",
                ExplanationZh = $"{head}，基金支付 {Money.Format(fund)} 元，个人自付 {Money.Format(client)} 元。",
                ExplanationEn = $"{headEn}; the fund pays {Money.Format(fund)}, the client {Money.Format(client)} CNY.",
            };
        }
    }

    private static string Name(RentableDevice d) => string.IsNullOrEmpty(d.NameEn) ? d.NameZh : d.NameEn;

    private static string Capitalized(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Percent(decimal ratio) => (ratio * 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
