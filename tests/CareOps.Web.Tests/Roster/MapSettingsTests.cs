using CareOps.Web.Infrastructure;

namespace CareOps.Web.Tests.Roster;

/// <summary>The map's tile server is a setting; the Content-Security-Policy lets exactly its host serve images.</summary>
public sealed class MapSettingsTests
{
    [Theory]
    [InlineData("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org")]
    [InlineData("https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&style=8&x={x}&y={y}&z={z}", "https://*.is.autonavi.com")]
    [InlineData("https://t0.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&l={z}", "https://t0.tianditu.gov.cn")]
    [InlineData("", null)]
    public void ImageSource_FromTheTileTemplate(string template, string? expected)
    {
        Assert.Equal(expected, new MapSettings { TileUrl = template }.ImageSource);
    }
}
