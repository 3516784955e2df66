using System.Globalization;
using System.Net;
using System.Text;
using Bunit;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Data.Tenancy;
using CareOps.Testing;
using CareOps.Web.Features.Clients;
using CareOps.Web.Infrastructure;
using CareOps.Web.Resources;
using CareOps.Web.Tests.Features;
using CareOps.Web.Tests.Infrastructure;
using CareOps.Web.Tests.Roster;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MiniExcelLibs;
using MudBlazor.Services;

namespace CareOps.Web.Tests.Clients;

/// <summary>
/// Issue 11: the fund's assessment list imported into R1 (no other editing test touches R1): a preview with every
/// row's problems in Chinese, then all rows or none, never another agency's client, and nothing more the second time.
/// </summary>
/// <remarks>Every test runs on SQLite (the editing app) and on PostgreSQL (the throwaway server ./test.sh starts).</remarks>
public abstract class ImportClientsTests(CareOpsApp app)
{
    private const string Agency = "R1";

    public static readonly string[] Header =
        ["序号", "身份证号", "姓名", "失能等级", "评估日期", "有效期至", "失能开始日期", "护理方式", "服务区域", "所在地", "地址", "联系电话", "亲情护理员", "亲情护理员关系"];

    /// <summary>A valid resident ID of someone born 1 January 1950 in Dinghai, told apart by <paramref name="sequence"/> (0–999).</summary>
    public static string Id(int sequence)
    {
        var first17 = "33090219500101" + sequence.ToString("000", CultureInfo.InvariantCulture);
        return first17 + ResidentId.CheckCharacter(first17);
    }

    /// <summary>A valid row for R1, Dinghai, home care; <paramref name="changes"/> overwrites cells by header.</summary>
    public static Dictionary<string, string> Row(int sequence, params (string Header, string Value)[] changes)
    {
        var row = new Dictionary<string, string>
        {
            ["序号"] = sequence.ToString(CultureInfo.InvariantCulture),
            ["身份证号"] = Id(sequence),
            ["姓名"] = $"导入测试{sequence}",
            ["失能等级"] = "2",
            ["评估日期"] = "2026-09-15",
            ["有效期至"] = "2028-09-14",
            ["失能开始日期"] = "2025-11-02",
            ["护理方式"] = "居家上门",
            ["服务区域"] = "R1",
            ["所在地"] = "定海",
            ["地址"] = $"舟山市定海区昌国街道解放西路 {sequence} 号",
            ["联系电话"] = "13906801234",
            ["亲情护理员"] = "",
            ["亲情护理员关系"] = "",
        };
        foreach (var (header, value) in changes)
        {
            row[header] = value;
        }

        return row;
    }

    public static byte[] Csv(IEnumerable<Dictionary<string, string>> rows, Encoding? encoding = null)
    {
        var text = new StringBuilder(string.Join(',', Header)).Append("\r\n");
        foreach (var row in rows)
        {
            text.Append(string.Join(',', Header.Select(h => Quoted(row[h])))).Append("\r\n");
        }

        return (encoding ?? new UTF8Encoding(false)).GetBytes(text.ToString());
    }

    private static string Quoted(string cell) => cell.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private ImportClients ImportFor(Guid agency, Caller? caller = null, IDbContextFactory<CareOpsDb>? factory = null, int batchSize = 500) =>
        new(factory ?? app.FactoryFor(agency), app.Clock, caller ?? app.Dispatcher(agency)) { BatchSize = batchSize };

    private static Task<ImportPreview> ParseAsync(ImportClients import, byte[] file, string name = "评估名单.csv") =>
        import.ParseAsync(new MemoryStream(file), name);

    private static Task<Outcome<ImportResult>> CommitAsync(ImportClients import, byte[] file, string token, string name = "评估名单.csv") =>
        import.CommitAsync(new MemoryStream(file), name, token);

    private async Task<int> CountAsync(Guid agency)
    {
        await using var db = app.Database(agency);
        return await db.Clients.CountAsync();
    }

    private static string Localize(Problem problem, string culture)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        return problem.Localize(factory.Create(typeof(SharedResource)));
    }

    [Fact]
    public async Task Parse_TheDocumentedExampleCsv_PreviewsThreeNewClients()
    {
        var agency = await app.AgencyIdAsync(Agency);
        var file = await File.ReadAllBytesAsync(Repo.Path("docs", "examples", "client-import-r1.csv"));

        var preview = await ParseAsync(ImportFor(agency), file, "client-import-r1.csv");

        Assert.Empty(preview.FileProblems);
        Assert.All(preview.Rows, r => Assert.Equal(ImportAction.New, r.Action));
        Assert.Equal([2, 3, 4], preview.Rows.Select(r => r.Row));
        Assert.Equal(["定海", "金塘岛", "定海"], preview.Rows.Select(r => r.Place));
        Assert.Equal([2, 1, 3], preview.Rows.Select(r => r.Grade));
        Assert.Equal(CareMode.FamilyCare, preview.Rows[1].CareMode);
        Assert.DoesNotContain(preview.Rows, r => r.ResidentIdMasked.Contains("19420315", StringComparison.Ordinal));
        Assert.True(preview.CanCommit);
        Assert.Matches("^[0-9A-F]{64}$", preview.Token);
    }

    [Fact]
    public async Task Commit_Xlsx_BuiltWithMiniExcel_CreatesTheClientsWithTheirDatesAndAnActivePeriod()
    {
        var agency = await app.AgencyIdAsync(Agency);
        var rows = Enumerable.Range(101, 2).Select(n => new Dictionary<string, object>
        {
            ["身份证号"] = Id(n),
            ["姓名"] = $"表格{n}",
            ["失能等级"] = 3,
            ["评估日期"] = new DateTime(2026, 8, 3),
            ["有效期至"] = new DateTime(2028, 8, 2),
            ["失能开始日期"] = new DateTime(2025, 12, 1),
            ["护理方式"] = n == 101 ? "居家上门" : "亲情护理",
            ["服务区域"] = "定海",
            ["所在地"] = "jintang",
            ["地址"] = "舟山市定海区金塘镇沥港村",
            ["联系电话"] = 13857012345d,
            ["亲情护理员"] = n == 101 ? "" : "李海燕",
        }).ToList();
        using var buffer = new MemoryStream();
        buffer.SaveAs(rows);
        var file = buffer.ToArray();
        var import = ImportFor(agency);

        var preview = await ParseAsync(import, file, "名单.xlsx");
        var outcome = await CommitAsync(import, file, preview.Token, "名单.xlsx");

        Assert.True(preview.CanCommit, string.Join("; ", preview.Rows.SelectMany(r => r.Problems).Select(p => Localize(p, "zh-CN"))));
        Assert.Equal(new ImportResult(2, 0, 0), outcome.Value);
        await using var db = app.Database(agency);
        var saved = await db.Clients.Include(c => c.StatusPeriods).Include(c => c.Place).SingleAsync(c => c.ResidentId == Id(102));
        Assert.Equal("表格102", saved.Name);
        Assert.Equal(3, saved.Assessment.Grade);
        Assert.Equal(new DateOnly(2026, 8, 3), saved.Assessment.AssessedOn);
        Assert.Equal(new DateOnly(2028, 8, 2), saved.Assessment.ValidUntil);
        Assert.Equal(new DateOnly(2025, 12, 1), saved.Assessment.OnsetDate);
        Assert.Equal("13857012345", saved.Phone);
        Assert.Equal("jintang", saved.Place!.Code);
        Assert.Equal((saved.Place.Latitude, saved.Place.Longitude), (saved.Latitude, saved.Longitude));
        Assert.Equal(CareMode.FamilyCare, saved.CareMode);
        Assert.Equal("李海燕", saved.FamilyCaregiver!.Name);
        Assert.Equal(agency, saved.AgencyId);
        Assert.Equal((ClientStatus.Active, CareOpsApp.Today), (saved.StatusPeriods.Single().Status, saved.StatusPeriods.Single().From));
    }

    [Fact]
    public async Task Parse_GbkCsvFromChineseExcel_ReadsTheChineseText()
    {
        var agency = await app.AgencyIdAsync(Agency);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var file = Csv([Row(110, ("姓名", "钱阿珍"), ("护理方式", "机构护理"))], Encoding.GetEncoding("GBK"));

        var preview = await ParseAsync(ImportFor(agency), file);

        var row = Assert.Single(preview.Rows);
        Assert.Equal("钱阿珍", row.Name);
        Assert.Equal(CareMode.Institutional, row.CareMode);
        Assert.Equal(ImportAction.New, row.Action);
    }

    [Fact]
    public async Task Parse_EnglishHeadersAndABom_AreReadToo()
    {
        var agency = await app.AgencyIdAsync(Agency);
        var text = "resident_id,name,grade,assessed_on,valid_until,onset_date,care_mode,region,place,address\n"
            + $"{Id(111)},Test Person,2,2026-09-15,2028-09-14,2025-11-02,Home,R1,dinghai,1 Jiefang Road\n";
        var file = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var preview = await ParseAsync(ImportFor(agency), file);

        Assert.Equal(ImportAction.New, Assert.Single(preview.Rows).Action);
    }

    public static TheoryData<string, string, string, string, string> BadCells => new()
    {
        { "身份证号", Id(120)[..17] + (Id(120)[17] == '1' ? "2" : "1"), "ResidentId", "Error.ResidentId.CheckCharacter", "校验位不对" },
        { "身份证号", "33090219501301123X", "ResidentId", "Error.ResidentId.BirthDate", "出生日期" },
        { "评估日期", "2026-13-45", "AssessedOn", "Error.Import.Date", "“2026-13-45”不是有效日期" },
        { "有效期至", "明年", "ValidUntil", "Error.Import.Date", "不是有效日期" },
        { "评估日期", "2026-12-01", "AssessedOn", "Error.Import.AssessedInFuture", "晚于今天" },
        { "有效期至", "2026-11-23", "ValidUntil", "Error.Import.Expired", "已于 2026-11-23 过期" },
        { "有效期至", "2026-09-01", "ValidUntil", "Error.EndBeforeStart", "结束日期不能早于开始日期" },
        { "失能开始日期", "2026-10-01", "OnsetDate", "Error.OnsetAfterAssessment", "失能开始日期不能晚于评估日期" },
        { "失能开始日期", "", "OnsetDate", "Error.Import.OnsetNeeded", "新参保人须填写失能开始日期" },
        { "失能等级", "7", "Grade", "Error.Grade", "失能等级应为 1 到 6" },
        { "失能等级", "特级", "Grade", "Error.Import.Grade", "“特级”不是失能等级" },
        { "护理方式", "喘息服务", "CareMode", "Error.Import.CareMode", "“喘息服务”不是护理方式" },
        { "服务区域", "R2", "Region", "Error.Import.Region", "“R2”不是本机构的服务片区" },
        { "所在地", "沈家门", "Place", "Error.Import.Place", "所在地“沈家门”不在该服务区域内" },
        { "所在地", "", "Place", "Error.Import.PlaceNeeded", "请填写所在地" },
        { "姓名", "", "Name", "Error.Required", "此项必填" },
        { "姓名", new string('张', 51), "Name", "Error.TooLong", "最多 50 个字" },
        { "联系电话", "找村委", "Phone", "Error.Phone", "电话号码格式不对" },
        { "护理方式", "亲情护理", "FamilyName", "Error.Required", "此项必填" },
    };

    [Theory]
    [MemberData(nameof(BadCells))]
    public async Task Parse_BadCell_TheRowIsAnErrorNamingItsColumnInChineseAndNothingCanBeImported(string header, string value, string column, string key, string chinese)
    {
        var agency = await app.AgencyIdAsync(Agency);
        var file = Csv([Row(121), Row(120, (header, value))]);
        var import = ImportFor(agency);
        var before = await CountAsync(agency);

        var preview = await ParseAsync(import, file);
        var outcome = await CommitAsync(import, file, preview.Token);

        Assert.Equal(ImportAction.New, preview.Rows[0].Action);
        var row = preview.Rows[1];
        Assert.Equal((3, ImportAction.Error), (row.Row, row.Action));
        var problem = Assert.Single(row.Problems, p => p.Field == column && p.Key == key);
        Assert.Contains(chinese, Localize(problem, "zh-CN"), StringComparison.Ordinal);
        Assert.DoesNotMatch(ResourceTests.Cjk(), Localize(problem with { Args = [.. problem.Args.Select(_ => (object)"x")] }, "en"));
        Assert.False(preview.CanCommit);

        // All or nothing: the good row is not imported either.
        Assert.Equal("Error.Import.HasErrors", Assert.Single(outcome.Problems).Key);
        Assert.Equal(before, await CountAsync(agency));
    }

    [Fact]
    public async Task Parse_ResidentIdTwiceInTheFile_BothRowsNameEachOther()
    {
        var agency = await app.AgencyIdAsync(Agency);
        var file = Csv([Row(130), Row(131), Row(130, ("姓名", "另一人"))]);

        var preview = await ParseAsync(ImportFor(agency), file);

        var first = Assert.Single(preview.Rows[0].Problems);
        var third = Assert.Single(preview.Rows[2].Problems);
        Assert.Equal(("Error.Import.DuplicateInFile", "ResidentId"), (first.Key, first.Field));
        Assert.Equal("同一身份证号在文件中出现了多次（另见第 4 行），请只保留一行。", Localize(first, "zh-CN"));
        Assert.Equal("2", third.Args.Single());
        Assert.Equal(ImportAction.New, preview.Rows[1].Action);
    }

    [Fact]
    public async Task Parse_IdStoredAsANumberInXlsx_SaysItsDigitsAreLost()
    {
        var agency = await app.AgencyIdAsync(Agency);
        var row = Row(140).ToDictionary(kv => kv.Key, kv => (object)kv.Value);
        row["身份证号"] = 330902195001011400d;
        using var buffer = new MemoryStream();
        buffer.SaveAs(new[] { row });

        var preview = await ParseAsync(ImportFor(agency), buffer.ToArray(), "名单.xlsx");

        Assert.Contains(Assert.Single(preview.Rows).Problems, p => p.Key == "Error.Import.ResidentIdNumber" && p.Field == "ResidentId");
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "too-large", "Error.Import.TooLarge" },
        { "too-many-rows", "Error.Import.TooManyRows" },
        { "missing-columns", "Error.Import.MissingColumns" },
        { "xls", "Error.Import.FileType" },
        { "damaged-xlsx", "Error.Import.Unreadable" },
        { "header-only", "Error.Import.NoRows" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Parse_AFileThatCannotBeImported_SaysWhyInChineseAndHasNoRows(string kind, string key)
    {
        var agency = await app.AgencyIdAsync(Agency);
        var (file, name) = kind switch
        {
            "too-large" => (new byte[ClientImportFile.MaxBytes + 1], "名单.csv"),
            "too-many-rows" => (Csv(Enumerable.Range(0, ClientImportFile.MaxRows + 1).Select(i => Row(i % 1000))), "名单.csv"),
            "missing-columns" => (Encoding.UTF8.GetBytes("身份证号,姓名\n" + Id(150) + ",某人\n"), "名单.csv"),
            "xls" => (Csv([Row(150)]), "名单.xls"),
            "damaged-xlsx" => (Encoding.UTF8.GetBytes("this is no zip"), "名单.xlsx"),
            _ => (Csv([]), "名单.csv"),
        };

        var preview = await ParseAsync(ImportFor(agency), file, name);

        Assert.Empty(preview.Rows);
        Assert.False(preview.CanCommit);
        var problem = Assert.Single(preview.FileProblems);
        Assert.Equal(key, problem.Key);
        Assert.Matches(ResourceTests.Cjk(), Localize(problem, "zh-CN"));
        if (kind == "missing-columns")
        {
            Assert.Contains("失能等级", Localize(problem, "zh-CN"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Parse_GradeOutsideTheCityPolicy_IsRefusedNamingThePolicysGrades()
    {
        var agency = await app.AgencyIdAsync(Agency);
        await SetCityAsync(agency, "shanghai");
        try
        {
            var preview = await ParseAsync(ImportFor(agency), Csv([Row(160, ("失能等级", "1")), Row(161, ("失能等级", "4"))]));

            var problem = Assert.Single(preview.Rows[0].Problems);
            Assert.Equal("失能等级 1 不在本市长护险政策的待遇等级（2–6）内。", Localize(problem, "zh-CN"));
            Assert.Equal(ImportAction.New, preview.Rows[1].Action);
        }
        finally
        {
            await SetCityAsync(agency, "zhoushan");
        }
    }

    private async Task SetCityAsync(Guid agency, string city)
    {
        await using var db = app.Database(null);
        var row = await db.Agencies.SingleAsync(a => a.Id == agency);
        row.CityPolicy = city;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Commit_FailureInTheMiddle_LeavesNothing()
    {
        var agency = await app.AgencyIdAsync(Agency);
        var file = Csv([Row(170), Row(171), Row(172)]);
        var failing = new FailingFactory(app, agency, failOnSave: 2);
        var import = ImportFor(agency, factory: failing, batchSize: 1);
        var before = await CountAsync(agency);

        var preview = await ParseAsync(import, file);
        var outcome = await CommitAsync(import, file, preview.Token);

        Assert.True(preview.CanCommit);
        Assert.Equal(2, failing.Saves); // the first row was sent to the database before the second save failed
        Assert.Equal("Error.Import.NotSaved", Assert.Single(outcome.Problems).Key);
        Assert.Equal(before, await CountAsync(agency));
        await using var db = app.Database(agency);
        Assert.False(await db.Clients.AnyAsync(c => c.ResidentId == Id(170)));
    }

    [Fact]
    public async Task Commit_SameResidentIdAsAnotherAgencysClient_CreatesOursAndNeverTouchesTheirs()
    {
        var agency = await app.AgencyIdAsync(Agency);
        var other = await app.AgencyIdAsync("R2");
        await using (var db = app.Database(other))
        {
            var template = await db.Clients.AsNoTracking().OrderBy(c => c.Name).FirstAsync();
            var theirs = new Client { Name = "外机构同号", ResidentId = Id(180), Address = template.Address, PlaceId = template.PlaceId, RegionId = template.RegionId, Latitude = template.Latitude, Longitude = template.Longitude };
            theirs.SetResidentId(Id(180));
            db.Clients.Add(theirs);
            await db.SaveChangesAsync();
        }

        try
        {
            var file = Csv([Row(180, ("姓名", "本机构同号"), ("联系电话", "13700000000"))]);
            var import = ImportFor(agency);
            var preview = await ParseAsync(import, file);
            var outcome = await CommitAsync(import, file, preview.Token);

            Assert.Equal(ImportAction.New, Assert.Single(preview.Rows).Action);
            Assert.Equal(new ImportResult(1, 0, 0), outcome.Value);
            await using var all = app.Database(null);
            var both = await all.Clients.IgnoreQueryFilters([CareOpsDb.TenantFilter]).Where(c => c.ResidentId == Id(180)).ToListAsync();
            Assert.Equal(2, both.Count);
            var theirsAfter = both.Single(c => c.AgencyId == other);
            Assert.Equal(("外机构同号", ""), (theirsAfter.Name, theirsAfter.Phone));
            Assert.Equal("本机构同号", both.Single(c => c.AgencyId == agency).Name);
        }
        finally
        {
            // R2 belongs to other editing tests: leave it as it was.
            await using var db = app.Database(other);
            await db.Clients.Where(c => c.ResidentId == Id(180)).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task Commit_ExistingClientOfTheAgency_IsUpdatedKeepingWhatTheFileDoesNotCarry()
    {
        var agency = await app.AgencyIdAsync(Agency);
        Client existing;
        await using (var db = app.Database(agency))
        {
            existing = await db.Clients.AsNoTracking().Include(c => c.Coverages).Include(c => c.StatusPeriods).Include(c => c.Place).Include(c => c.Region)
                .Where(c => c.Coverages.Any() && c.CareMode == CareMode.Home).OrderBy(c => c.Name).FirstAsync();
        }

        var row = Row(0,
            ("身份证号", existing.ResidentId), ("姓名", existing.Name), ("失能等级", existing.Assessment.Grade.ToString(CultureInfo.InvariantCulture)),
            ("评估日期", existing.Assessment.AssessedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("有效期至", "2029-01-31"),
            ("失能开始日期", ""), ("服务区域", existing.Region!.Code), ("所在地", existing.Place!.Name), ("地址", existing.Address), ("联系电话", "13512345678"));
        var file = Csv([row]);
        var import = ImportFor(agency);

        var preview = await ParseAsync(import, file);
        var outcome = await CommitAsync(import, file, preview.Token);

        var previewRow = Assert.Single(preview.Rows);
        Assert.Equal(ImportAction.Update, previewRow.Action);
        Assert.Equal([ImportColumn.ValidUntil, ImportColumn.Phone], previewRow.Changes);
        Assert.Equal(new ImportResult(0, 1, 0), outcome.Value);
        await using var check = app.Database(agency);
        var after = await check.Clients.Include(c => c.Coverages).Include(c => c.StatusPeriods).SingleAsync(c => c.Id == existing.Id);
        Assert.Equal(("13512345678", new DateOnly(2029, 1, 31)), (after.Phone, after.Assessment.ValidUntil));
        Assert.Equal(existing.Assessment.OnsetDate, after.Assessment.OnsetDate);
        Assert.Equal((existing.Latitude, existing.Longitude), (after.Latitude, after.Longitude));
        Assert.Equal(existing.Coverages.Select(c => (c.Kind, c.From, c.To)), after.Coverages.Select(c => (c.Kind, c.From, c.To)));
        Assert.Equal(existing.StatusPeriods.Count, after.StatusPeriods.Count);
    }

    [Fact]
    public async Task Commit_TheSameFileTwice_ChangesNothingTheSecondTime()
    {
        var agency = await app.AgencyIdAsync(Agency);
        var file = Csv([Row(190), Row(191, ("护理方式", "亲情护理"), ("亲情护理员", "张小红"), ("亲情护理员关系", "女儿"))]);
        var import = ImportFor(agency);
        var preview = await ParseAsync(import, file);

        var first = await CommitAsync(import, file, preview.Token);
        var count = await CountAsync(agency);
        var retry = await CommitAsync(import, file, preview.Token); // a double click: the old preview's token
        var again = await ParseAsync(import, file);
        var second = await CommitAsync(import, file, again.Token);

        Assert.Equal(new ImportResult(2, 0, 0), first.Value);
        Assert.Equal(new ImportResult(0, 0, 2), retry.Value);
        Assert.All(again.Rows, r => Assert.Equal(ImportAction.Unchanged, r.Action));
        Assert.False(again.CanCommit);
        Assert.Equal(new ImportResult(0, 0, 2), second.Value);
        Assert.Equal(count, await CountAsync(agency));
    }

    [Fact]
    public async Task Commit_ClientChangedSinceThePreview_IsRefusedAsStaleAndWritesNothing()
    {
        var agency = await app.AgencyIdAsync(Agency);
        var import = ImportFor(agency);
        var created = Csv([Row(200)]);
        await CommitAsync(import, created, (await ParseAsync(import, created)).Token);
        var file = Csv([Row(200, ("联系电话", "13611112222")), Row(201)]);
        var preview = await ParseAsync(import, file);

        await using (var db = app.Database(agency))
        {
            var client = await db.Clients.SingleAsync(c => c.ResidentId == Id(200));
            client.Address = "同事刚改的地址";
            await db.SaveChangesAsync();
        }

        var outcome = await CommitAsync(import, file, preview.Token);

        Assert.Equal("Error.Import.Stale", Assert.Single(outcome.Problems).Key);
        await using var check = app.Database(agency);
        Assert.False(await check.Clients.AnyAsync(c => c.ResidentId == Id(201)));
        Assert.Equal("13906801234", (await check.Clients.SingleAsync(c => c.ResidentId == Id(200))).Phone);
    }

    [Theory]
    [MemberData(nameof(UseCaseAuthorizationTests.NotDispatching), MemberType = typeof(UseCaseAuthorizationTests))]
    public async Task ParseAndCommit_ByAnyoneButADispatcherOfTheAgency_AreRefusedAndWriteNothing(string who)
    {
        var agency = await app.AgencyIdAsync(Agency);
        var caller = who switch
        {
            "Caregiver" => app.As(Roles.Caregiver, agency),
            "Finance" => app.Finance(agency),
            "Operator" => app.Operator(),
            "OtherAgencyDispatcher" => app.Dispatcher(await app.AgencyIdAsync("R2")),
            _ => app.Anonymous(),
        };
        var file = Csv([Row(210)]);
        var token = (await ParseAsync(ImportFor(agency), file)).Token;
        var import = ImportFor(agency, caller);

        var preview = await ParseAsync(import, file);
        var outcome = await CommitAsync(import, file, token);

        var expected = who switch { "Anonymous" => "Error.SignedOut", "OtherAgencyDispatcher" => "Error.OtherAgency", _ => "Error.NotAllowed" };
        Assert.Empty(preview.Rows);
        Assert.Equal(expected, Assert.Single(preview.FileProblems).Key);
        Assert.Equal(expected, Assert.Single(outcome.Problems).Key);
        await using var db = app.Database(agency);
        Assert.False(await db.Clients.AnyAsync(c => c.ResidentId == Id(210)));
    }

    [Fact]
    public async Task AgencyAdmin_MayImport()
    {
        var agency = await app.AgencyIdAsync(Agency);
        var file = Csv([Row(220)]);
        var import = ImportFor(agency, app.As(Roles.AgencyAdmin, agency));

        var outcome = await CommitAsync(import, file, (await ParseAsync(import, file)).Token);

        Assert.Equal(new ImportResult(1, 0, 0), outcome.Value);
    }

    [Fact]
    public async Task Pages_TheDispatcherSeesTheImportAndTheCaregiverIsDenied()
    {
        var dispatcher = await app.SignedInAsync("r1.dispatcher@demo.careops.cn");
        var finance = await app.SignedInAsync("r1.finance@demo.careops.cn");
        var caregiver = await app.SignedInAsync("r1.cg01@demo.careops.cn");

        var list = await dispatcher.GetStringAsync("/clients");
        var page = await dispatcher.GetAsync("/clients/import");
        var financeList = await finance.GetStringAsync("/clients");
        var denied = await caregiver.GetAsync("/clients/import");

        Assert.Contains("data-testid=\"client-import\"", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-testid=\"client-import-file\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"client-import\"", financeList, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_UploadWithAnError_ThenTheCorrectedFile_ConfirmsAndSaysWhatWasDone()
    {
        var agency = await app.AgencyIdAsync(Agency);
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        await using var page = new BunitContext();
        page.Services.AddLocalization();
        page.Services.AddMudServices();
        page.Services.AddSingleton(ImportFor(agency));
        page.JSInterop.Mode = JSRuntimeMode.Loose;
        var cut = page.Render<ClientImport>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Csv([Row(230), Row(231, ("失能等级", "特级"))]), "名单.csv"));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=client-import-row-error]")), TimeSpan.FromSeconds(20));
        var error = cut.Find("[data-testid=client-import-row-error]");
        Assert.Equal("3", error.GetAttribute("data-row"));
        Assert.Contains("失能等级：“特级”不是失能等级", error.TextContent, StringComparison.Ordinal);
        Assert.True(cut.Find("[data-testid=client-import-confirm]").HasAttribute("disabled"));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Csv([Row(230), Row(231)]), "名单.csv"));
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=client-import-confirm]").HasAttribute("disabled")), TimeSpan.FromSeconds(20));
        Assert.Empty(cut.FindAll("[data-testid=client-import-row-error]"));
        Assert.Contains("新增 2", cut.Find("[data-testid=client-import-counts]").TextContent, StringComparison.Ordinal);
        cut.Find("[data-testid=client-import-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Contains("导入完成：新增 2 人，更新 0 人，0 人无变化。", cut.Find("[data-testid=client-import-result]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        Assert.True(cut.Find("[data-testid=client-import-confirm]").HasAttribute("disabled"));
    }

    [Fact]
    public void Resources_EveryColumnAndActionHasBothLanguages()
    {
        var keys = Enum.GetNames<ImportColumn>().Select(c => "Import.Column." + c).Concat(Enum.GetNames<ImportAction>().Select(a => "Import.Action." + a));
        foreach (var key in keys)
        {
            Assert.Matches(ResourceTests.Cjk(), Localize(new Problem(key, []), "zh-CN"));
            Assert.DoesNotMatch(ResourceTests.Cjk(), Localize(new Problem(key, []), "en"));
        }
    }

    /// <summary>The app's contexts for one agency, with a save that fails the n-th time (a crash in the middle of the commit).</summary>
    private sealed class FailingFactory(CareOpsApp app, Guid agency, int failOnSave) : SaveChangesInterceptor, IDbContextFactory<CareOpsDb>
    {
        public int Saves { get; private set; }

        public CareOpsDb CreateDbContext()
        {
            var options = new DbContextOptionsBuilder<CareOpsDb>(app.Services.GetRequiredService<DatabaseInfo>().ContextOptions()).AddInterceptors(this).Options;
            return new CareOpsDb(options, new FixedTenant(agency));
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            return ++Saves == failOnSave
                ? throw new DbUpdateException("A simulated failure in the middle of the import.")
                : base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }
}

[Collection(EditingCollection.Name)]
public sealed class SqliteImportClientsTests(CareOpsApp app) : ImportClientsTests(app);

[Collection(RosterPostgresCollection.Name)]
public sealed class PostgresImportClientsTests(PostgresApp app) : ImportClientsTests(app);
