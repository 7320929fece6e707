using MisuseLab.Cli.Commands;

namespace MisuseLab.Cli.Tests.Commands;

public sealed class BotsInviteCodesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("misuselab-codes-").FullName;

    [Fact]
    public void Codes_are_read_one_per_line_from_plain_codes_or_invitation_links()
    {
        var file = Path.Combine(_folder, "codes.txt");
        File.WriteAllLines(file, ["# kaur2020 pilot", "ABCD1234EFGH", "", "  http://127.0.0.1:5000/join/kaur2020?code=JKMN5678PQRS  ", "https://x.example/join/s?code=T1-XY&utm=1"]);

        Assert.Equal(["ABCD1234EFGH", "JKMN5678PQRS", "T1-XY"], BotsCommand.ReadInviteCodes(file));
    }

    [Fact]
    public void A_missing_or_empty_file_is_refused_with_its_name()
    {
        var empty = Path.Combine(_folder, "empty.txt");
        File.WriteAllText(empty, "# nothing\n\n");

        Assert.Contains("no file", Assert.Throws<ArgumentException>(() => BotsCommand.ReadInviteCodes(Path.Combine(_folder, "none.txt"))).Message);
        Assert.Contains("holds no codes", Assert.Throws<ArgumentException>(() => BotsCommand.ReadInviteCodes(empty)).Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
