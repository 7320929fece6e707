using MisuseLab.Study.Adult;
using MisuseLab.Study.Pipeline;
using MisuseLab.Study.Tests.Adult;

namespace MisuseLab.Study.Tests.Pipeline;

/// <summary>The shipped study files built once per test run (building trains models, so it is shared).</summary>
public static class BuiltStudies
{
    private static readonly Lazy<BuiltStudy> Kaur = new(() => Build("kaur2020.json"));
    private static readonly Lazy<BuiltStudy> Baseline = new(() => Build("baselines.json"));

    public static BuiltStudy Kaur2020 => Kaur.Value;
    public static BuiltStudy Baselines => Baseline.Value;

    public static string StudyFile(string name) =>
        Path.Combine(AdultDataLocator.FindRepositoryRoot() ?? throw new InvalidOperationException("MisuseLab.sln not found above the test directory."), "studies", name);

    public static BuiltStudy Build(string name) => StudyBuilder.BuildFile(StudyFile(name), AdultDataFixture.Directory);
}
