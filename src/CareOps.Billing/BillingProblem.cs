namespace CareOps.Billing;

/// <summary>
/// Everything the billing engine can refuse, as a stable code. The app words each one in the user's language
/// (resource key "Billing." + code); the engine itself never returns a sentence.
/// </summary>
public enum BillingCode
{
    PolicyCityMissing,
    PolicyVersionTooLow,
    PolicyEndBeforeStart,
    PolicyMinMinutes,
    PolicyTopUpAmounts,
    PolicyPackageMissing,
    PolicyNoModes,

    /// <summary>Args: the care mode.</summary>
    PolicyModeAmounts,

    /// <summary>Args: the care mode.</summary>
    PolicyModeVisits,
    PolicyModeTwice,
    PolicyNegativeFees,
    PolicyCoinsuranceMissing,
    PolicyRateAndCap,
    PolicyHourlyMissing,
    PolicyHourlyRate,
    PolicyBands,
    PolicyShare,

    /// <summary>The family-care amount is negative or not in whole fen.</summary>
    PolicyFamilyCareAmount,

    /// <summary>The policy has a family-care rule and a package mode that also pays the relative: she would be paid twice, once without the training check.</summary>
    PolicyFamilyCarePaidTwice,

    /// <summary>A package policy with a family-care rule lists no FamilyCare mode (the agency's part of family care).</summary>
    PolicyFamilyCareModeMissing,

    /// <summary>A device code is blank or listed twice, or a device has no Chinese name. Args: the code.</summary>
    PolicyDeviceCode,

    /// <summary>A device's monthly rent is not more than zero or not in whole fen. Args: the code.</summary>
    PolicyDeviceRent,

    /// <summary>A device's fund share is missing, given both ways, a ratio outside 0–1 or an amount outside 0–rent. Args: the code.</summary>
    PolicyDeviceShare,

    BatchNoLines,

    /// <summary>Args: line number, amount.</summary>
    BatchLineNotRounded,

    /// <summary>Args: line number.</summary>
    BatchDeductionPositive,

    /// <summary>Args: line number.</summary>
    BatchLineNoTwice,

    /// <summary>Args: client id, payee, net amount.</summary>
    BatchNetNegative,

    /// <summary>Args: the batch's state.</summary>
    BatchCannotValidate,

    /// <summary>Args: the batch's state.</summary>
    BatchCannotSubmit,

    /// <summary>Args: the batch's state.</summary>
    BatchCannotApplyResponse,

    /// <summary>Args: the batch's state.</summary>
    BatchCannotMarkPaid,
    BatchNotLocked,

    /// <summary>Args: month (yyyy-MM), version.</summary>
    BatchLocked,

    BatchGone,

    /// <summary>Args: month (yyyy-MM), version. The stored lines no longer match the control sum of submission.</summary>
    BatchTampered,

    /// <summary>Args: line number, client id.</summary>
    ResponseUnknownLine,

    /// <summary>Args: line number.</summary>
    ResponseLineTwice,

    /// <summary>Args: line number, client id.</summary>
    ResponseMissingLine,

    /// <summary>Args: how many more lines have no answer.</summary>
    ResponseMoreMissing,

    /// <summary>Args: the column name.</summary>
    ResponseMissingColumn,

    /// <summary>Args: row, the text found.</summary>
    ResponseBadLineNo,

    /// <summary>Args: row, the text found.</summary>
    ResponseBadResult,

    /// <summary>A case cannot be priced: no policy of the city in force. Args: city, date (yyyy-MM-dd).</summary>
    ClaimNoPolicy,

    /// <summary>A case cannot be priced: the policy lacks the rules of its shape. Args: city, version.</summary>
    ClaimRulesMissing,

    /// <summary>A case cannot be priced: the policy does not pay the client's care mode. Args: city, version, care mode.</summary>
    ClaimCareModeNotPaid,

    /// <summary>A case is refused: a status period ends before it starts. Args: client, from, to (yyyy-MM-dd).</summary>
    ClaimStatusEndBeforeStart,

    /// <summary>A case is refused: two status periods share a day. Args: client, first from, first to, second from, second to ("…" for an open end).</summary>
    ClaimStatusOverlap,

    /// <summary>A case is refused: a visit's check-out is not after its check-in. Args: client, visit id, date, check-in, check-out.</summary>
    ClaimCheckOutNotAfterCheckIn,

    /// <summary>A case is refused: a top-up delivery figure is negative. Args: client, the field's name in the case.</summary>
    ClaimTopUpNegative,

    /// <summary>A case is refused: a care-mode period ends before it starts. Args: client, from, to (yyyy-MM-dd).</summary>
    ClaimCareModeEndBeforeStart,

    /// <summary>A case is refused: two care-mode periods share a day. Args: client, first from, first to, second from, second to ("…" for an open end).</summary>
    ClaimCareModeOverlap,

    /// <summary>A case is refused: the family caregiver's resident ID is not a valid 18-character ID. Args: client, the ID masked.</summary>
    ClaimFamilyCaregiverId,

    /// <summary>A case is refused: a rental names a device the policy does not rent out. Args: client, device code, city, version.</summary>
    ClaimDeviceUnknown,

    /// <summary>A case is refused: a rental ends before it starts. Args: client, device code, from, until (yyyy-MM-dd).</summary>
    ClaimRentalEndBeforeStart,

    /// <summary>A case is refused: two rentals of the same device share a day. Args: client, device code, the first shared day (yyyy-MM-dd).</summary>
    ClaimRentalOverlap,
}

/// <summary>One refusal of the billing engine: a code and the values the sentence needs (line numbers, amounts, states).</summary>
public sealed record BillingProblem(BillingCode Code, params object[] Args)
{
    /// <summary>For logs and test failures only; users see the localized sentence.</summary>
    public override string ToString() => Args.Length == 0 ? Code.ToString() : $"{Code}({string.Join(", ", Args)})";
}
