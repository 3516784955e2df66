using System.Text.Json;
using CareOps.Billing.Cli;
using CareOps.Testing;

namespace CareOps.Billing.Tests;

public sealed class ClaimCommandTests
{
    private static readonly string Example = Repo.Path("docs", "examples", "claim-zhoushan-home.json");

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await ClaimCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Claim_DocumentedExample_PrintsTheLinesAsJson()
    {
        var (code, output, _) = await RunAsync("claim", "--input", Example);

        // 1 280 × 25/28 = 1 142.86; week 2 (4 active days, 1 visit < 2) −182.86; uncertified visit on 17 Feb −98.46;
        // week 4: the 22 Feb visit's location is unverified → 2 < 3 → −320.00. 1 142.86 − 182.86 − 98.46 − 320.00 = 541.54
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(541.54m, json.RootElement.GetProperty("fundTotal").GetDecimal());
        Assert.Contains("\"amount\": -320.00", output);
        Assert.Contains("扣减该周", output);
    }

    [Fact]
    public async Task Claim_MissingFile_SaysSoAndExits2()
    {
        var (code, _, error) = await RunAsync("claim", "--input", "/nonexistent/case.json");

        Assert.Equal(2, code);
        Assert.Contains("File not found", error);
    }

    [Fact]
    public async Task Claim_BrokenJson_SaysSoAndExits2()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "{ \"city\": \"zhoushan\", \"month\": \"February\" }");
        try
        {
            var (code, _, error) = await RunAsync("claim", "--input", path);

            Assert.Equal(2, code);
            Assert.Contains("not a valid claim case", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Claim_NoArguments_PrintsUsage()
    {
        var (code, _, error) = await RunAsync();

        Assert.Equal(2, code);
        Assert.StartsWith("usage:", error);
    }
}
