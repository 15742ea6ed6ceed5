import { MemoryJournal } from "../../src/store/memory-journal.js";
import { describeJournal } from "./journal.case.js";

describeJournal("MemoryJournal", () => new MemoryJournal());
