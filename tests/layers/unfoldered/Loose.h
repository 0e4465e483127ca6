#pragma once

// A core header outside any module folder.
