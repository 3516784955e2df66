using CareOps.Data.Domain;

namespace CareOps.Data.Tests.Domain;

public sealed class ResidentIdTests
{
    // The worked example of GB 11643-1999: 11010519491231002X.
    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("11010519491231002x")]
    [InlineData("440524188001010014")]
    [InlineData(" 11010519491231002X ")]
    public void Check_ValidNumbers_Pass(string id) => Assert.Equal(ResidentIdError.None, ResidentId.Check(id));

    [Theory]
    [InlineData("11010519491231002", "X")]
    [InlineData("44052418800101001", "4")]
    public void CheckCharacter_ComputesIso7064Mod112(string first17, string expected) =>
        Assert.Equal(expected[0], ResidentId.CheckCharacter(first17));

    [Theory]
    [InlineData(null, ResidentIdError.Missing)]
    [InlineData("", ResidentIdError.Missing)]
    [InlineData("1101051949123100", ResidentIdError.Length)]
    [InlineData("11010519491231002X1", ResidentIdError.Length)]
    [InlineData("1101051949123100AX", ResidentIdError.NotDigits)]
    [InlineData("11010519491231002Y", ResidentIdError.LastCharacter)]
    [InlineData("110105194913310027", ResidentIdError.BirthDate)]
    [InlineData("110105194902300021", ResidentIdError.BirthDate)]
    [InlineData("110105194912310021", ResidentIdError.CheckCharacter)]
    [InlineData("11010519491231003X", ResidentIdError.CheckCharacter)]
    public void Check_InvalidNumbers_NameTheProblem(string? id, ResidentIdError expected) =>
        Assert.Equal(expected, ResidentId.Check(id));

    [Fact]
    public void Check_EverySingleDigitTypo_IsCaught()
    {
        const string valid = "11010519491231002X";
        for (var i = 0; i < 17; i++)
        {
            for (var d = '0'; d <= '9'; d++)
            {
                if (d == valid[i])
                {
                    continue;
                }

                var typo = string.Concat(valid.AsSpan(0, i), d.ToString(), valid.AsSpan(i + 1));
                Assert.NotEqual(ResidentIdError.None, ResidentId.Check(typo));
            }
        }
    }

    [Fact]
    public void Mask_ShowsOnlyFirstThreeAndLastFour() =>
        Assert.Equal("110***********002X", ResidentId.Mask("11010519491231002X"));

    [Fact]
    public void BirthDate_ReadsCharactersSevenToFourteen() =>
        Assert.Equal(new DateOnly(1949, 12, 31), ResidentId.BirthDate("11010519491231002X"));
}
