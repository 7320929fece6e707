using MisuseLab.Learning;
using MisuseLab.Study.Adult;

namespace MisuseLab.Study.Tests.Adult;

public sealed class AdultChecksumsTests
{
    [Fact]
    public void Embedded_checksums_are_the_repository_SHA256SUMS()
    {
        var root = AdultDataLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("Tests run inside the repository.");
        var lines = File.ReadAllLines(Path.Combine(root, "data", "SHA256SUMS")).Where(l => l.Length > 0).ToArray();
        Assert.Equal(lines.Length, AdultChecksums.Expected.Length);
        Assert.Equal(["adult.data", "adult.test", "adult.names"], AdultChecksums.FileNames);
        for (var i = 0; i < lines.Length; i++)
            Assert.Equal(lines[i], $"{AdultChecksums.Expected[i].Value}  {AdultChecksums.Expected[i].Key}");
    }

    [Fact]
    public void A_file_changed_by_one_byte_fails_with_both_hashes_and_a_fix()
    {
        using var dir = new TempDirectory().WithAdultFiles();
        var path = dir.File("adult.test");
        var bytes = File.ReadAllBytes(path);
        bytes[100] ^= 1;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<DataFormatException>(() => AdultLoader.Load(dir.Path));
        var expected = AdultChecksums.Expected.Single(x => x.Key == "adult.test").Value;
        Assert.Contains(path, e.Message);
        Assert.Contains($"expected SHA-256 {expected}; found {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))}", e.Message);
        Assert.Contains("delete it so it is downloaded again", e.Message);
    }

    [Fact]
    public void A_missing_file_is_named_even_if_it_is_not_parsed()
    {
        using var dir = new TempDirectory().WithAdultFiles();
        File.Delete(dir.File("adult.names"));
        var e = Assert.Throws<DataFormatException>(() => AdultLoader.Load(dir.Path));
        Assert.Contains(dir.File("adult.names"), e.Message);
        Assert.Contains("no such file", e.Message);
    }

    [Fact]
    public void Intact_copies_load()
    {
        using var dir = new TempDirectory().WithAdultFiles();
        var data = AdultLoader.Load(dir.Path);
        Assert.Equal(Path.GetFullPath(dir.Path), data.SourceDirectory);
        Assert.Equal(32_561, data.Train.RowCount);
    }

    [Theory]
    [InlineData("abc  adult.data", 1)]
    [InlineData("5b00264637dbfec36bdeaab5676b0b309ff9eb788d63554ca0a249491c86603d", 1)]
    [InlineData("5b00264637dbfec36bdeaab5676b0b309ff9eb788d63554ca0a249491c86603d  adult.data\nzz  adult.test", 2)]
    public void A_malformed_checksum_list_names_its_line(string text, int line)
    {
        var e = Assert.Throws<DataFormatException>(() => AdultChecksums.Parse(text, "SUMS"));
        Assert.Contains($"SUMS, line {line}: expected '<64 hex digits>  <file name>'", e.Message);
    }
}
