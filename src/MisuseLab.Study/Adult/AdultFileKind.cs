namespace MisuseLab.Study.Adult;

/// <summary>Which of the two Adult data files is being read; they differ in header line and label spelling.</summary>
public enum AdultFileKind
{
    /// <summary><c>adult.data</c>: no header, labels <c>&gt;50K</c> / <c>&lt;=50K</c>.</summary>
    Train,

    /// <summary><c>adult.test</c>: first line <c>|1x3 Cross validator</c>, labels <c>&gt;50K.</c> / <c>&lt;=50K.</c>.</summary>
    Test,
}
