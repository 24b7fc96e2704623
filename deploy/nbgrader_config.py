"""nbgrader for the bplab course: copy this file into your course folder.

    nbgrader generate_assignment nb1     # source/nb1/01_forward.ipynb
    nbgrader zip_collect nb1             # downloaded/nb1/archive/NAME_*
    nbgrader autograde nb1
    nbgrader generate_feedback nb1

The notebooks are stored unanswered, so the release is the notebook as
it is (nothing to clear). Each exercise's check cell is a test cell of
one point; under nbgrader a wrong answer makes it raise, with the
mistake the check names as the feedback (the teacher's guide in docs/).
"""
c = get_config()  # noqa: F821  (given by nbgrader)

c.CourseDirectory.course_id = "bplab"
c.ClearSolutions.enabled = False  # the stubs are the learners' cells
c.ExecutePreprocessor.timeout = 300  # notebook 4 trains with torch
# Submissions collected from a learning platform or from the learners'
# home folders, one file per learner: NAME_01_forward.ipynb
c.ZipCollectApp.collector_plugin = (
    "nbgrader.plugins.zipcollect.FileNameCollectorPlugin")
c.FileNameCollectorPlugin.named_regexp = (
    r".*[/\\](?P<student_id>[^_/\\]+)_(?P<file_id>\d\d_\w+\.ipynb)$")
