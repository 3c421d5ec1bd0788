-- Venue rooms and event topics (issue 15). A forum is held in a room of the event's venue
-- ("3楼 报告厅A" / "Hall A, 3rd floor"), named on its page and in the calendars' LOCATION;
-- '' when none. An event is filed under topics from a fixed list of disciplines
-- (app/domain/event-topics.ts), which the events list filters by; none for existing events.

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "topics" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Forum" ADD COLUMN     "roomEn" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "roomZh" TEXT NOT NULL DEFAULT '';
