"""The directory of vetted community groups: routing by place, profession and interest."""
