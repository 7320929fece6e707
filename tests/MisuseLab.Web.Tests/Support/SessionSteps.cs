using MisuseLab.Study.Definitions;

namespace MisuseLab.Web.Tests.Support;

internal static class SessionSteps
{
    /// <summary>Answers and submits pages from <paramref name="page"/> (the current one) until page <paramref name="target"/> is shown.</summary>
    public static async Task<Exchange> AdvanceToAsync(this ParticipantClient client, StudyAppFixture app, Exchange page, int target)
    {
        for (var index = CurrentIndex(page); index < target; index++)
        {
            page = await client.SubmitPageAsync(page, index, ParticipantClient.ValidAnswers(app.Definition.Pages[index].Questions));
        }
        Assert.EndsWith($"/page/{target}", page.Url);
        return page;
    }

    public static int CurrentIndex(Exchange page) => int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    public static int IndexOf(this StudyDefinition definition, string pageId) => definition.Pages.ToList().FindIndex(p => p.Id == pageId);
}
