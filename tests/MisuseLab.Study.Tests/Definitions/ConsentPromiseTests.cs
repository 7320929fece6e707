using MisuseLab.Study.Definitions;

namespace MisuseLab.Study.Tests.Definitions;

public sealed class ConsentPromiseTests
{
    private const string Promise = "Participation is voluntary; you may stop at any time, and your answers so far will then be deleted.";

    private static StudyValidationResult WithConsent(string text, string? abandoned)
    {
        var node = StudyTestFiles.Node("demo.json");
        node["consent"]!["text"] = text;
        if (abandoned is not null) node["consent"]!["abandoned"] = abandoned;
        return StudyTestFiles.Validate(node);
    }

    [Fact]
    public void A_consent_promising_deletion_with_abandoned_sessions_kept_is_a_warning_at_the_consent_text()
    {
        foreach (var abandoned in new string?[] { null, "keep" })
        {
            var result = WithConsent(Promise, abandoned);
            Assert.True(result.IsValid, string.Join("; ", result.Errors));
            Assert.Equal(AbandonedPolicy.Keep, result.Definition!.Consent.Abandoned);
            var warning = Assert.Single(result.Warnings, w => w.Code == StudyErrorCodes.ConsentPromise);
            Assert.Equal("$.consent.text", warning.Path);
            Assert.Contains("'deleted'", warning.Message);
        }
    }

    [Fact]
    public void Declaring_delete_or_promising_nothing_raises_no_warning()
    {
        var delete = WithConsent(Promise, "delete");
        Assert.True(delete.IsValid, string.Join("; ", delete.Errors));
        Assert.Equal(AbandonedPolicy.Delete, delete.Definition!.Consent.Abandoned);
        Assert.DoesNotContain(delete.Warnings, w => w.Code == StudyErrorCodes.ConsentPromise);

        var quiet = WithConsent("You may stop at any time. Answers of unfinished sessions are kept without your name.", null);
        Assert.DoesNotContain(quiet.Warnings, w => w.Code == StudyErrorCodes.ConsentPromise);
        Assert.Single(WithConsent("On request we arrange the removal of your answers.", "keep").Warnings, w => w.Code == StudyErrorCodes.ConsentPromise);
    }

    [Fact]
    public void Deletion_on_withdrawal_beside_a_sentence_keeping_what_a_leaver_answered_raises_no_warning()
    {
        var kept = WithConsent(Promise + " If you close the page without withdrawing, what you answered so far is kept.", "keep");
        Assert.DoesNotContain(kept.Warnings, w => w.Code == StudyErrorCodes.ConsentPromise);
        // Keeping mentioned without the participant who leaves does not tell them what closing the page does.
        Assert.Single(WithConsent(Promise + " We keep your answers without your name.", "keep").Warnings, w => w.Code == StudyErrorCodes.ConsentPromise);
        Assert.Single(WithConsent(Promise + " If you close the page, please come back.", "keep").Warnings, w => w.Code == StudyErrorCodes.ConsentPromise);
        Assert.DoesNotContain(StudyTestFiles.Validate(StudyTestFiles.Node("kaur2020.json")).Warnings, w => w.Code == StudyErrorCodes.ConsentPromise);
        // Withdrawing deletes, closing the tab keeps: kaur2020-utility says both.
        var utility = StudyTestFiles.Validate(StudyTestFiles.Node("kaur2020-utility.json"));
        Assert.True(utility.IsValid, string.Join("; ", utility.Errors));
        Assert.DoesNotContain(utility.Warnings, w => w.Code == StudyErrorCodes.ConsentPromise);
    }

    [Fact]
    public void An_unknown_policy_is_an_error_naming_its_path()
    {
        var result = WithConsent("Text.", "sometimes");
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Path == "$.consent.abandoned");
    }
}
