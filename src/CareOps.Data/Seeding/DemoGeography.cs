using CareOps.Data.Domain;

namespace CareOps.Data.Seeding;

/// <summary>
/// The fixed tables of the demo archipelago, transcribed from shared/domain/zhoushan-demo-geography.md.
/// Client weights, jitter radii and street lists are demo choices, not part of that spec.
/// </summary>
internal static class DemoGeography
{
    /// <summary>A place, where its clients live and how their IDs and addresses look.</summary>
    internal sealed record PlaceSpec(
        string Code, string Name, string ShortName, double Lat, double Lon, PlaceLink Link, bool Urban,
        string Region, double ClientWeight, double JitterKm, string AreaCode, string AddressPrefix, string[] Streets);

    internal sealed record RegionSpec(string Code, string Name, int Clients, int Caregivers, string AgencyName);

    internal sealed record FerrySpec(string Code, string A, string B, int CrossingMinutes, TimeOnly[] AToB, TimeOnly[] BToA);

    private const PlaceLink Main = PlaceLink.MainIsland;
    private const PlaceLink Bridge = PlaceLink.Bridge;
    private const PlaceLink Ferry = PlaceLink.Ferry;

    // Note: sanjiang is only a ferry terminal (no region "covers" it); it sits in R1 with no clients.
    internal static readonly PlaceSpec[] Places =
    [
        new("dinghai", "定海", "定海", 30.017, 122.107, Main, true, "R1", 0.82, 2.5, "330902", "舟山市定海区昌国街道", ["解放西路", "人民北路", "环城南路", "东管庙弄", "北门路", "昌国路"]),
        new("lincheng", "临城", "临城", 29.992, 122.203, Main, true, "R2", 1.0, 2.5, "330902", "舟山市定海区临城街道", ["千岛路", "翁山路", "海天大道", "合兴路", "体育路"]),
        new("shenjiamen", "沈家门", "沈家门", 29.953, 122.299, Main, true, "R3", 0.8, 2.5, "330903", "舟山市普陀区沈家门街道", ["东海中路", "滨港路", "新街", "芦花路", "兴建路"]),
        new("sanjiang", "三江码头", "三江", 30.103, 122.115, Main, false, "R1", 0.0, 0.8, "330902", "舟山市定海区白泉镇", ["三江路"]),
        new("jintang", "金塘岛", "金塘", 30.040, 121.890, Bridge, false, "R1", 0.18, 2.5, "330902", "舟山市定海区金塘镇", ["沥港村", "大浦村", "柳行村", "山潭村", "和建村"]),
        new("zhujiajian", "朱家尖", "朱家尖", 29.905, 122.390, Bridge, false, "R3", 0.2, 2.0, "330903", "舟山市普陀区朱家尖街道", ["樟州村", "顺母村", "月岙村", "莲花村"]),
        new("liuheng", "六横岛", "六横", 29.730, 122.140, Ferry, false, "R4", 0.8, 2.5, "330903", "舟山市普陀区六横镇", ["峧头村", "台门村", "龙山村", "双塘村", "小湖村"]),
        new("xiazhi", "虾峙岛", "虾峙", 29.760, 122.260, Ferry, false, "R4", 0.2, 0.8, "330903", "舟山市普陀区虾峙镇", ["湖泥村", "黄石村", "栅棚村"]),
        new("taohua", "桃花岛", "桃花", 29.810, 122.280, Ferry, false, "R5", 0.7, 1.5, "330903", "舟山市普陀区桃花镇", ["茅草屋村", "塔湾村", "鹁鸪门村", "沙岙村"]),
        new("dongji", "东极（庙子湖）", "东极", 30.180, 122.680, Ferry, false, "R5", 0.3, 0.8, "330903", "舟山市普陀区东极镇", ["庙子湖村", "青浜村", "东福山村"]),
        new("daishan", "岱山（高亭）", "岱山", 30.245, 122.200, Ferry, false, "R6", 0.7, 2.5, "330921", "舟山市岱山县高亭镇", ["蓬莱路", "长河路", "江南村", "山外村", "大峧村"]),
        new("xiushan", "秀山岛", "秀山", 30.165, 122.170, Ferry, false, "R6", 0.12, 0.8, "330921", "舟山市岱山县秀山乡", ["北浦村", "兰秀村", "秀东村"]),
        new("changtu", "长涂岛", "长涂", 30.250, 122.290, Ferry, false, "R6", 0.18, 0.8, "330921", "舟山市岱山县长涂镇", ["大长涂村", "小长涂村", "倭井潭村"]),
        new("qushan", "衢山岛", "衢山", 30.440, 122.350, Ferry, false, "R7", 1.0, 2.0, "330921", "舟山市岱山县衢山镇", ["岛斗村", "凉峙村", "万良村", "星浦村"]),
        new("sijiao", "嵊泗（泗礁）", "泗礁", 30.725, 122.455, Ferry, false, "R8", 0.8, 2.0, "330922", "舟山市嵊泗县菜园镇", ["沙河路", "海滨路", "基湖村", "金平村"]),
        new("huaniao", "花鸟岛", "花鸟", 30.860, 122.670, Ferry, false, "R8", 0.08, 0.8, "330922", "舟山市嵊泗县花鸟乡", ["花鸟村"]),
        new("gouqi", "枸杞岛", "枸杞", 30.720, 122.770, Ferry, false, "R8", 0.12, 0.8, "330922", "舟山市嵊泗县枸杞乡", ["奇观村", "里西村", "干斜村"]),
    ];

    internal static readonly RegionSpec[] Regions =
    [
        new("R1", "定海", 600, 59, "舟山市定海区颐康居家护理服务中心"),
        new("R2", "新城", 300, 30, "舟山市新城安馨居家护理服务中心"),
        new("R3", "普陀", 450, 44, "舟山市普陀区福寿居家护理服务中心"),
        new("R4", "六横", 200, 20, "舟山市普陀区六横康宁护理服务站"),
        new("R5", "桃花·东极", 80, 9, "舟山市普陀区桃花东极海岛护理服务站"),
        new("R6", "岱山", 380, 38, "岱山县康乐居家护理服务中心"),
        new("R7", "衢山", 140, 14, "岱山县衢山仁爱护理服务站"),
        new("R8", "嵊泗", 241, 22, "嵊泗县海韵居家护理服务中心"),
    ];

    internal static readonly FerrySpec[] Ferries =
    [
        Both("F1", "sanjiang", "daishan", 40, Every("06:30", "18:30", 60)),
        Both("F2", "shenjiamen", "liuheng", 50, Every("06:00", "18:00", 90)),
        Both("F3", "liuheng", "xiazhi", 20, Every("07:00", "17:00", 120)),
        Both("F4", "shenjiamen", "taohua", 30, Every("06:30", "17:30", 60)),
        new("F5", "shenjiamen", "dongji", 90, At("07:00", "13:30"), At("09:00", "15:30")),
        Both("F6", "daishan", "xiushan", 25, Every("06:30", "18:30", 60)),
        Both("F7", "daishan", "changtu", 20, Every("06:30", "18:30", 60)),
        Both("F8", "daishan", "qushan", 50, Every("06:30", "16:30", 120)),
        Both("F9", "qushan", "sijiao", 70, At("07:30", "12:30", "16:00")),
        Both("F10", "sijiao", "huaniao", 50, At("08:00", "14:00")),
        Both("F11", "sijiao", "gouqi", 40, At("07:30", "11:30", "15:30")),
    ];

    private static FerrySpec Both(string code, string a, string b, int crossing, TimeOnly[] departures) =>
        new(code, a, b, crossing, departures, departures);

    private static TimeOnly[] At(params string[] times) => [.. times.Select(t => TimeOnly.Parse(t, System.Globalization.CultureInfo.InvariantCulture))];

    private static TimeOnly[] Every(string first, string last, int minutes)
    {
        var (start, end) = ((int)At(first)[0].ToTimeSpan().TotalMinutes, (int)At(last)[0].ToTimeSpan().TotalMinutes);
        var departures = new List<TimeOnly>();
        for (var m = start; m <= end; m += minutes)
        {
            departures.Add(TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(m)));
        }

        return [.. departures];
    }
}
