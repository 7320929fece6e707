namespace MisuseLab.Study.Definitions;

/// <summary>The spellings study files use for enumerations, in one place so reader, validator, README and schema agree.</summary>
public static class StudyVocabulary
{
    public static readonly IReadOnlyDictionary<string, PageKind> PageKinds = new Dictionary<string, PageKind>
    {
        ["consent"] = PageKind.Consent, ["tutorial"] = PageKind.Tutorial, ["overview"] = PageKind.Overview,
        ["global"] = PageKind.Global, ["effect"] = PageKind.Effect, ["local"] = PageKind.Local,
        ["examples"] = PageKind.Examples, ["forward-simulation"] = PageKind.ForwardSimulation,
        ["ratings"] = PageKind.Ratings, ["free-text"] = PageKind.FreeText, ["debrief"] = PageKind.Debrief,
        ["locate"] = PageKind.Locate, ["remedy"] = PageKind.Remedy,
    };

    public static readonly IReadOnlyDictionary<string, QuestionKind> QuestionKinds = new Dictionary<string, QuestionKind>
    {
        ["likert"] = QuestionKind.Likert, ["choice"] = QuestionKind.Choice, ["yes-no"] = QuestionKind.YesNo,
        ["text"] = QuestionKind.Text, ["forward-simulation"] = QuestionKind.ForwardSimulation, ["catch"] = QuestionKind.Catch,
        ["multi-select"] = QuestionKind.MultiSelect, ["number"] = QuestionKind.Number, ["nasa-tlx"] = QuestionKind.NasaTlx,
    };

    /// <summary>The kinds of the one question a locate or remedy page carries (not written in study files; see <see cref="QuestionKind.Locate"/>).</summary>
    public static readonly IReadOnlyDictionary<string, QuestionKind> PageQuestionKinds = new Dictionary<string, QuestionKind>
    {
        ["locate"] = QuestionKind.Locate, ["remedy"] = QuestionKind.Remedy,
    };

    /// <summary>The prefix of <c>shown-rank-N</c> keys (<see cref="DerivedKey.ShownRank"/>); N is a whole number from 1.</summary>
    public const string ShownRankPrefix = "shown-rank-";

    /// <summary>Reads a derived key's name, <c>shown-rank-N</c> included; false for anything else.</summary>
    public static bool TryDerivedKey(string name, out AnswerKey key)
    {
        if (DerivedKeys.TryGetValue(name, out var derived)) { key = AnswerKey.From(derived); return true; }
        // Whole numbers from 1 without leading zeros, as the schema's pattern ^shown-rank-[1-9][0-9]*$ has them.
        if (name.StartsWith(ShownRankPrefix, StringComparison.Ordinal) && name.Length > ShownRankPrefix.Length && name[ShownRankPrefix.Length] != '0'
            && int.TryParse(name.AsSpan(ShownRankPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rank) && rank >= 1)
        {
            key = AnswerKey.ShownRank(rank);
            return true;
        }
        key = null!;
        return false;
    }

    public static readonly IReadOnlyDictionary<string, InstanceSelector> InstanceSelectors = new Dictionary<string, InstanceSelector>
    {
        ["correct-positive"] = InstanceSelector.CorrectPositive, ["correct-negative"] = InstanceSelector.CorrectNegative,
        ["false-positive"] = InstanceSelector.FalsePositive, ["false-negative"] = InstanceSelector.FalseNegative,
        ["misclassified"] = InstanceSelector.Misclassified, ["random"] = InstanceSelector.Random,
    };

    public static readonly IReadOnlyDictionary<string, DerivedKey> DerivedKeys = new Dictionary<string, DerivedKey>
    {
        ["shown-top-feature"] = DerivedKey.ShownTopFeature, ["shown-effect-rises"] = DerivedKey.ShownEffectRises,
        ["shown-effect-spike"] = DerivedKey.ShownEffectSpike,
    };

    public static readonly IReadOnlyDictionary<string, EnrolmentMode> EnrolmentModes = new Dictionary<string, EnrolmentMode>
    {
        ["open"] = EnrolmentMode.Open, ["invite"] = EnrolmentMode.Invite, ["prolific"] = EnrolmentMode.Prolific,
    };

    public static readonly IReadOnlyDictionary<string, ParticipantSignIn> SignIns = new Dictionary<string, ParticipantSignIn>
    {
        ["link"] = ParticipantSignIn.Link, ["account"] = ParticipantSignIn.Account,
    };

    public static readonly IReadOnlyList<string> DataSources = ["adult"];
    public static readonly IReadOnlyList<string> Designs = ["between-subjects"];
    public static readonly IReadOnlyList<string> AssignmentMethods = ["balanced-permuted-blocks"];

    /// <summary>The UCI Adult feature names (adult.names order) an effect page may show, from <see cref="Adult.AdultSchema"/>.</summary>
    public static readonly IReadOnlyList<string> AdultFeatures = Adult.AdultSchema.Schema.Select(f => f.Name).ToArray();

    public static string NameOf(PageKind kind) => PageKinds.First(p => p.Value == kind).Key;
    public static string NameOf(QuestionKind kind) => QuestionKinds.Concat(PageQuestionKinds).First(p => p.Value == kind).Key;
}
