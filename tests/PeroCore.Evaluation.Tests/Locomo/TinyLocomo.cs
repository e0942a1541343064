namespace PeroCore.Evaluation.Tests.Locomo;

/// <summary>A tiny conversation in the LoCoMo file format, written for the tests.</summary>
internal static class TinyLocomo
{
    public const string Conversation = """
        {
          "speaker_a": "Ana",
          "speaker_b": "Ben",
          "session_1_date_time": "1:56 pm on 8 May, 2023",
          "session_1": [
            { "speaker": "Ana", "dia_id": "D1:1", "text": "I adopted a grey cat called Pixel last week." },
            { "speaker": "Ben", "dia_id": "D1:2", "text": "Lovely! I started learning the cello.", "blip_caption": "a photo of a cello", "img_url": ["x"] }
          ],
          "session_2_date_time": "10:00 am on 20 June, 2023",
          "session_2": [
            { "speaker": "Ana", "dia_id": "D2:1", "text": "Pixel knocked my coffee over this morning." },
            { "speaker": "Ben", "dia_id": "D2:2", "text": "My cello teacher says I am improving." }
          ],
          "session_3_date_time": "9:00 am on 1 July, 2023",
          "qa": [
            { "question": "What is the name of Ana's cat?", "answer": "Pixel", "evidence": ["D1:1"], "category": 4 },
            { "question": "When did Ben start the cello?", "answer": 2023, "evidence": ["D1:2; D2:2"], "category": 2 },
            { "question": "What did Ben eat?", "answer": "soup", "evidence": ["D9:9", "D1:2"], "category": 1 },
            { "question": "What did Ana realise?", "evidence": ["D2:1"], "category": 5, "adversarial_answer": "x" }
          ]
        }
        """;
}
