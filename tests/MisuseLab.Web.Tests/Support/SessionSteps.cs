using MisuseLab.Study.Definitions;

namespace MisuseLab.Web.Tests.Support;

internal static class SessionSteps
{
    /// <summary>
    /// Answers and submits pages from <paramref name="page"/> (the current one) until page <paramref name="target"/> is
    /// shown. Pages for another cell (<c>only_for</c>, kaur2020's tutorial of the other tool) are skipped by the server,
    /// so the next index is read from where each submit lands.
    /// </summary>
    public static async Task<Exchange> AdvanceToAsync(this ParticipantClient client, StudyAppFixture app, Exchange page, int target)
    {
        for (var index = CurrentIndex(page); index < target; index = CurrentIndex(page))
        {
            page = await client.SubmitPageAsync(page, index, ParticipantClient.ValidAnswers(app.Definition.Pages[index].Questions));
        }
        Assert.EndsWith($"/page/{target}", page.Url);
        return page;
    }

    public static int CurrentIndex(Exchange page) => int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    public static int IndexOf(this StudyDefinition definition, string pageId) => definition.Pages.ToList().FindIndex(p => p.Id == pageId);
}
