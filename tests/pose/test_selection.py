from __future__ import annotations

from pose.joints import Joint
from pose.selection import PersonSelector, SelectionConfig

from .builders import pose_from_points, project, rotate_world, standing_world
from .test_view import SUPINE_SIDE


def _person(cx: float, cy: float, scale: float, lying: bool, t: int):
    world = rotate_world(standing_world(), SUPINE_SIDE) if lying else standing_world()
    return pose_from_points(project(world, scale, (cx, cy)), timestamp_ms=t, world=world)


def test_prefers_the_lying_patient_over_a_bigger_standing_person() -> None:
    sel = PersonSelector(prefer=("lying_back",))
    for t in range(0, 1000, 33):
        chosen = sel.select([_person(0.7, 0.4, 0.5, False, t), _person(0.3, 0.7, 0.3, True, t)])
        assert chosen.pose is not None
        assert chosen.pose.norm(Joint.LEFT_HIP)[0] < 0.5


def test_follows_the_tracked_person_through_a_brief_challenge() -> None:
    sel = PersonSelector(SelectionConfig(switch_after_frames=10))
    first = sel.select([_person(0.3, 0.5, 0.3, False, 0)])
    assert first.new_track
    for i in range(1, 6):  # a bigger person walks in for 5 frames: not enough to switch
        s = sel.select(
            [_person(0.3, 0.5, 0.3, False, i * 33), _person(0.7, 0.5, 0.6, False, i * 33)]
        )
        assert s.pose is not None
        assert s.pose.norm(Joint.LEFT_HIP)[0] < 0.5
        assert not s.new_track


def test_switches_after_a_sustained_better_candidate() -> None:
    sel = PersonSelector(SelectionConfig(switch_after_frames=5))
    sel.select([_person(0.3, 0.5, 0.2, False, 0)])
    switched_at = None
    for i in range(1, 20):
        s = sel.select(
            [_person(0.3, 0.5, 0.2, False, i * 33), _person(0.7, 0.5, 0.8, False, i * 33)]
        )
        if s.new_track:
            switched_at = i
            break
    assert switched_at == 5


def test_no_candidates_is_none_and_a_long_gap_drops_the_track() -> None:
    sel = PersonSelector()
    assert sel.select([]).pose is None
    sel.select([_person(0.3, 0.5, 0.3, False, 0)])
    assert sel.select([_person(0.3, 0.5, 0.3, False, 5000)]).new_track
