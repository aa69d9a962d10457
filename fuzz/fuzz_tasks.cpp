// Multiple-choice task files (Belebele, ARC, HellaSwag, MMLU and the generic form are told
// apart by their fields), with a few-shot context drawn from the items read.
#include "core/eval/tasks.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace layermoe;
    const auto file = fuzz::input_file(fuzz::as_text(data, size), "tasks/task_eng.jsonl");
    fuzz::refuses_or_reads([&] {
        const McTask task = read_task_file(file);
        for (size_t i = 0; i < task.items.size() && i < 4; ++i) (void)fewshot_context(task, i, 2, 1);
    });
    return 0;
}
