# Project boards: PRINCE2 roles, board guidance, delivery, meetings and decisions.
