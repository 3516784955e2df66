using System.Text.Encodings.Web;
using System.Text.Json;
using CareOps.Billing.Claims;
using CareOps.Billing.Policies;

namespace CareOps.Billing.Cli;

/// <summary>
/// <c>claim --input CASE.json [--policies POLICIES.json]</c>: prints the claim lines of one client-month as
/// JSON (docs/claim-format.md), with the top-up payers' invoices when the case has a <c>topUps</c> block. Bad input
/// (a missing or broken file, no policy in force, a case the engine refuses) gets one sentence on standard error and
/// exit code 2.
/// </summary>
internal static class ClaimCommand
{
    private static readonly JsonSerializerOptions Output = new(PolicyBook.Json)
    {
        // Chinese explanations stay readable in the terminal instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length < 3 || args[0] != "claim" || Option(args, "--input") is not string input)
        {
            await error.WriteLineAsync("usage: claim --input CASE.json [--policies POLICIES.json]");
            return 2;
        }

        try
        {
            var book = Option(args, "--policies") is string policies
                ? PolicyBook.FromJson(await File.ReadAllTextAsync(policies))
                : PolicyBook.Seed();
            var claim = JsonSerializer.Deserialize<ClaimCase>(await File.ReadAllTextAsync(input), PolicyBook.Json)
                ?? throw new JsonException("the case file is empty.");
            var result = new ClaimCalculator(book).Calculate(claim);
            await output.WriteLineAsync(JsonSerializer.Serialize(new { result.City, result.PolicyVersion, result.ClientId, result.Month, result.ActiveDays, result.DaysInMonth, result.FundTotal, result.ClientTotal, result.Lines, result.TopUps }, Output));
            return 0;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            await error.WriteLineAsync($"File not found: {e.Message}");
        }
        catch (JsonException e)
        {
            await error.WriteLineAsync($"The file is not a valid claim case: {e.Message}");
        }
        catch (ClaimException e)
        {
            await error.WriteLineAsync(e.Message);
        }

        return 2;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
